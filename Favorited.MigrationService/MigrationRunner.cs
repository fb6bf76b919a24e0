using System.Diagnostics;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Favorited.MigrationService;

/// <summary>
/// Applies pending migrations under the retrying execution strategy, then stops the host.
/// Exit code 0 when the schema is current (re-running is a no-op), 1 when it could not be made so.
/// </summary>
internal sealed class MigrationRunner(
    IServiceProvider serviceProvider,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationRunner> logger) : BackgroundService
{
    public const string ActivitySourceName = "Favorited.Migrations";
    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrate database", ActivityKind.Internal);
        var target = "the database";
        try
        {
            await using var scope = serviceProvider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
            target = DescribeTarget(db);
            Log.Migrating(logger, target);

            var strategy = db.Database.CreateExecutionStrategy();
            var applied = await strategy.ExecuteAsync(async ct =>
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                await db.Database.MigrateAsync(ct);
                return pending;
            }, stoppingToken);

            if (applied.Count == 0)
            {
                Log.UpToDate(logger, target);
            }
            else
            {
                Log.Applied(logger, applied.Count, target, string.Join(", ", applied));
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error);
            Log.Failed(logger, target, ex.GetBaseException().Message, ex);
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }

    private static string DescribeTarget(FavoritedDbContext db)
    {
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        return $"database '{builder.Database}' on {builder.Host}:{builder.Port}";
    }
}
