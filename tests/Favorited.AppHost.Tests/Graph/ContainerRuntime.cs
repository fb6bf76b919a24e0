using System.ComponentModel;
using System.Diagnostics;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// The graph tests start PostgreSQL, Redis and LiveKit as containers. Without a working container runtime they
/// fail at once, saying so, rather than after Aspire's own timeout (or not at all).
/// </summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task EnsureAvailableAsync(CancellationToken cancellationToken)
    {
        // The same setting Aspire reads to choose between Docker and Podman.
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } configured ? configured : "docker";
        var problem = await ProbeAsync(runtime, cancellationToken);
        Assert.True(problem is null,
            $"The AppHost graph tests need a running container runtime, but '{runtime} info' {problem}. " +
            "Start Docker (or Podman, with ASPIRE_CONTAINER_RUNTIME=podman), or run only the app-model tests: " +
            "dotnet test --project tests/Favorited.AppHost.Tests -- --filter-not-class \"*GraphTests\"");
    }

    /// <returns>Null when the runtime answers, otherwise what went wrong.</returns>
    private static async Task<string?> ProbeAsync(string runtime, CancellationToken cancellationToken)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(runtime, ["info"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return $"could not start ({ex.Message})";
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return $"did not answer within {Patience.TotalSeconds:0} s";
        }
        await output;
        return process.ExitCode == 0 ? null : $"failed with exit code {process.ExitCode}: {(await errors).Trim()}";
    }
}
