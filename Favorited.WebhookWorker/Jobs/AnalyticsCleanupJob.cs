using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Microsoft.Extensions.Options;

namespace Favorited.WebhookWorker.Jobs;

/// <summary>
/// Drops the per-second series of streams that ended longer ago than <see cref="AnalyticsOptions.SeriesRetention"/>; their
/// summaries and 60-second series stay. Sessions, the product's own record, are not touched.
/// </summary>
public sealed class AnalyticsCleanupJob(IServiceScopeFactory scopes, IOptions<JobOptions> options,
    IOptions<AnalyticsOptions> analyticsOptions, SingleRunnerLock runnerLock, TimeProvider timeProvider,
    ILogger<AnalyticsCleanupJob> logger) : PeriodicJob(runnerLock, timeProvider, logger)
{
    private const int SnapshotsPerBatch = 500;

    protected override string Name => "analytics-cleanup";
    protected override TimeSpan Interval => options.Value.AnalyticsCleanupInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken cancellationToken)
    {
        var retention = analyticsOptions.Value.SeriesRetention;
        if (retention <= TimeSpan.Zero)
        {
            return "per-second series are kept forever";
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        var cutoff = Clock.GetUtcNow().UtcDateTime - retention;
        int trimmed, total = 0;
        do
        {
            trimmed = await AnalyticsSnapshots.TrimSeriesAsync(db, cutoff, SnapshotsPerBatch, cancellationToken);
            total += trimmed;
        }
        while (trimmed == SnapshotsPerBatch);
        return $"dropped the per-second series of {total} streams that ended before {cutoff:O}";
    }
}
