using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Favorited.AppHost.LocalServers;

/// <summary>A short set-up program run before a server starts (initdb, pg_ctl, chown); its output goes to the resource's log.</summary>
internal static class SetupCommand
{
    public static async Task RunAsync(ILogger logger, string command, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        foreach (var line in $"{await output}{await errors}".Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            logger.LogInformation("{Command}: {Line}", Path.GetFileName(command), line);
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', startInfo.ArgumentList)} failed with exit code {process.ExitCode}");
        }
    }

    /// <summary>
    /// The server a run that was killed left running on <paramref name="dataDirectory"/>: the process its pid file
    /// names, if that process is a <paramref name="programName"/> working in that folder (both servers change into their
    /// data folder), so a reused process id or another folder's server is never taken for it.
    /// </summary>
    public static Process? StillRunning(string pidFile, string programName, string dataDirectory)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), out var pid))
        {
            return null;
        }
        try
        {
            var process = Process.GetProcessById(pid);
            var workingDirectory = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return process.ProcessName.StartsWith(programName, StringComparison.Ordinal)
                && string.Equals(Path.TrimEndingDirectorySeparator(workingDirectory ?? ""), Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)), StringComparison.Ordinal)
                ? process
                : null;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null; // gone, or not ours to inspect
        }
    }
}
