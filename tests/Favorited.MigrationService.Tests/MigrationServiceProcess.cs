using Favorited.LocalServers;
using Favorited.Testing;

namespace Favorited.MigrationService.Tests;

/// <summary>Runs the real migrator executable, as the run script and an AppHost do.</summary>
internal static class MigrationServiceProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string? connectionString, CancellationToken cancellationToken, params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__favorited"] = connectionString,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        var program = Path.Combine(AppContext.BaseDirectory, "Favorited.MigrationService.dll");
        using var process = ChildProcess.Start("dotnet", [program], environment);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var exitCode = await process.WaitForExitAsync(timeout.Token);
        return (exitCode, process.Output);
    }
}
