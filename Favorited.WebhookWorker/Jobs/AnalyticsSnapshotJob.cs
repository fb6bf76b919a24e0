using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Favorited.WebhookWorker.Jobs;

/// <summary>
/// Computes the analytics snapshots of streams that have ended (or whose snapshot a late report made stale), a few per run,
/// so that their creators' pages are usually ready before anyone asks. The Api computes one itself when it finds none.
/// </summary>
public sealed class AnalyticsSnapshotJob(IServiceScopeFactory scopes, IOptions<JobOptions> options, SingleRunnerLock runnerLock,
    TimeProvider timeProvider, ILogger<AnalyticsSnapshotJob> logger) : PeriodicJob(runnerLock, timeProvider, logger)
{
    private const int StreamsPerRun = 20;

    protected override string Name => "analytics-snapshots";
    protected override TimeSpan Interval => options.Value.AnalyticsSnapshotInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        var analytics = scope.ServiceProvider.GetRequiredService<StreamAnalyticsService>();
        var stale = await AnalyticsSnapshots.StaleAsync(db, StreamsPerRun, cancellationToken);
        var failed = 0;
        foreach (var id in stale)
        {
            // One stream that cannot be computed must not hold up the others behind it.
            try
            {
                // Read before its sessions: the version it carries is what the snapshot is computed from.
                var stream = await db.Livestreams.AsNoTracking().SingleAsync(l => l.Id == id, cancellationToken);
                await analytics.ComputeSnapshotAsync(stream, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                Log.AnalyticsSnapshotFailed(logger, id, ex);
            }
        }
        return $"computed {stale.Count - failed} analytics snapshots, {failed} failed";
    }
}
