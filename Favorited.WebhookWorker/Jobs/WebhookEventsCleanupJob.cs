using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Favorited.WebhookWorker.Jobs;

/// <summary>Deletes applied webhook ids past their expiry; a re-delivery after that is no longer recognised.</summary>
public sealed class WebhookEventsCleanupJob(IServiceScopeFactory scopes, IOptions<JobOptions> options, SingleRunnerLock runnerLock,
    TimeProvider timeProvider, ILogger<WebhookEventsCleanupJob> logger) : PeriodicJob(runnerLock, timeProvider, logger)
{
    protected override string Name => "webhook-events-cleanup";
    protected override TimeSpan Interval => options.Value.WebhookCleanupInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var deleted = await db.WebhookEvents.Where(e => e.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        return $"deleted {deleted} expired webhook ids";
    }
}
