using Favorited.LocalServers;

namespace Favorited.Benchmarks.Hosting;

/// <summary>
/// One of Favorited's services (or the bare endpoint, or the emulator) as a <c>dotnet</c> process of its own, started from
/// its build output with the environment an AppHost would give it. Its output is kept (the last lines) for error
/// messages; it is killed when disposed and when the benchmark exits.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly ChildProcess _process;

    private ServiceProcess(string name, ChildProcess process, string url)
    {
        Name = name;
        _process = process;
        Url = url;
    }

    public string Name { get; }

    /// <summary>The base URL it listens on, e.g. <c>http://127.0.0.1:41234</c> (empty for a process that serves nothing).</summary>
    public string Url { get; }

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    public static ServiceProcess Start(string name, string dll, string url, IReadOnlyDictionary<string, string> environment)
    {
        var variables = environment.ToDictionary(pair => pair.Key, pair => (string?)pair.Value);
        if (url.Length > 0)
        {
            variables["ASPNETCORE_URLS"] = url;
        }
        var process = ChildProcess.Start("dotnet", [dll], variables, workingDirectory: Path.GetDirectoryName(dll)!);
        return new ServiceProcess(name, process, url);
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
        var exitCode = await _process.WaitForExitAsync(cts.Token);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Name} exited with {exitCode}. Its output:\n{Output}");
        }
    }

    public void Dispose() => _process.Dispose();
}
