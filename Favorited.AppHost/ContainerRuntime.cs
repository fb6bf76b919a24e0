using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Favorited.AppHost;

/// <summary>
/// Whether PostgreSQL, Redis and LiveKit run as containers: <c>Favorited:UseContainers</c> (true or false) when set,
/// otherwise true exactly when a container runtime answers (<c>docker info</c>, or <c>podman info</c>, or the runtime
/// that <c>ASPIRE_CONTAINER_RUNTIME</c> names). A runtime's command without its daemon does not count: a graph of
/// containers would hang at start-up with no error, so the AppHost runs the machine's own server programs and the
/// LiveKit emulator instead. Publishing always describes containers.
/// </summary>
internal static class ContainerRuntime
{
    public const string ConfigurationKey = "Favorited:UseContainers";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static bool IsUsed(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return true;
        }
        if (bool.TryParse(builder.Configuration[ConfigurationKey], out var configured))
        {
            return configured;
        }
        string[] candidates = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } chosen ? [chosen] : ["docker", "podman"];
        return candidates.Any(Answers);
    }

    private static bool Answers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Patience))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false; // not installed
        }
    }
}
