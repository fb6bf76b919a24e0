using System.Diagnostics;

namespace Favorited.Benchmarks.Hosting;

/// <summary>
/// One of Favorited's services (or the bare endpoint, or the emulator) as a <c>dotnet</c> process of its own, started from
/// its build output with the environment an AppHost would give it. Its output is kept (the last lines) for error
/// messages; it is killed when disposed and when the benchmark exits.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServiceProcess(string name, Process process, string url)
    {
        Name = name;
        _process = process;
        Url = url;
    }

    public string Name { get; }

    /// <summary>The base URL it listens on, e.g. <c>http://127.0.0.1:41234</c> (empty for a process that serves nothing).</summary>
    public string Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static ServiceProcess Start(string name, string dll, string url, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }
        if (url.Length > 0)
        {
            startInfo.Environment["ASPNETCORE_URLS"] = url;
        }

        var process = new Process { StartInfo = startInfo };
        var service = new ServiceProcess(name, process, url);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running.Add(service);
        return service;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200; fails with the process's output otherwise.</summary>
    public async Task WaitHealthyAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !HasExited)
        {
            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"{Name} did not answer 200 on {Url}{path} within {timeout.TotalSeconds:0} s. Its output:\n{Output}");
    }

    /// <summary>Waits for a process that is meant to finish (the migrator) and fails unless it exits with 0.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}. Its output:\n{Output}");
        }
    }

    public void Dispose()
    {
        Running.Remove(this);
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>Every process still running when the benchmark exits (normally or by Ctrl-C) is killed.</summary>
    private static class Running
    {
        private static readonly HashSet<ServiceProcess> Processes = [];

        static Running()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            Console.CancelKeyPress += (_, _) => KillAll();
        }

        public static void Add(ServiceProcess process)
        {
            lock (Processes)
            {
                Processes.Add(process);
            }
        }

        public static void Remove(ServiceProcess process)
        {
            lock (Processes)
            {
                Processes.Remove(process);
            }
        }

        private static void KillAll()
        {
            ServiceProcess[] all;
            lock (Processes)
            {
                all = [.. Processes];
            }
            foreach (var process in all)
            {
                process.Dispose();
            }
        }
    }
}
