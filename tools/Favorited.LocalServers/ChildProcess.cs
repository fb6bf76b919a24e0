using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Favorited.LocalServers;

/// <summary>
/// A program started by the tests or the benchmarks (a server, a service, a one-off command), with the last lines of
/// its output kept for error messages. Disposing kills it with its children, and every one still running when this
/// process exits (normally or by Ctrl-C) is killed, so a failed run leaves nothing behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 500;
    private const int SignalInterrupt = 2;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines it wrote, standard output and error interleaved.</summary>
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

    /// <param name="environment">Added to this process's own; a null value removes the variable.</param>
    /// <param name="workingDirectory">This process's own when null.</param>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running.Add(child);
        return child;
    }

    /// <summary>Runs a command to completion and throws with its output if it fails.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var child = Start(fileName, arguments);
        var exitCode = await child.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {exitCode}:\n{child.Output}");
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT (a server's signal to shut down cleanly) and waits for the exit; kills it if that takes too long.</summary>
    public async Task InterruptAsync(TimeSpan patience)
    {
        if (!_process.HasExited && Kill(_process.Id, SignalInterrupt) == 0)
        {
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Out of patience: Dispose kills it.
            }
        }
        Dispose();
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
            // Never started or already reaped.
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

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

    private static class Running
    {
        private static readonly HashSet<ChildProcess> Children = [];

        static Running()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            Console.CancelKeyPress += (_, _) => KillAll();
        }

        public static void Add(ChildProcess child)
        {
            lock (Children)
            {
                Children.Add(child);
            }
        }

        public static void Remove(ChildProcess child)
        {
            lock (Children)
            {
                Children.Remove(child);
            }
        }

        private static void KillAll()
        {
            ChildProcess[] all;
            lock (Children)
            {
                all = [.. Children];
            }
            foreach (var child in all)
            {
                child.Dispose();
            }
        }
    }
}
