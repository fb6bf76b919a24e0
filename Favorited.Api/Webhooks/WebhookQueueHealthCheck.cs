using Favorited.Core.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Favorited.Api.Webhooks;

/// <summary>
/// The original's <c>queue</c> component: the webhook stream is readable. Its figures in the original's terms: entries no
/// worker has read yet (<c>waiting</c>), read and not yet applied (<c>active</c>), dead-lettered (<c>failed</c>), and the
/// stream's length.
/// </summary>
public sealed class WebhookQueueHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // While disconnected the multiplexer queues commands until they time out; report at once instead.
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Webhook queue unavailable");
        }
        try
        {
            var db = redis.GetDatabase();
            var length = await db.StreamLengthAsync(RedisKeys.WebhookStream).WaitAsync(cancellationToken);
            var failed = await db.StreamLengthAsync(RedisKeys.WebhookDeadLetters).WaitAsync(cancellationToken);
            // Before the first webhook and the first worker there is no stream, and no group to ask about.
            var groups = length > 0 || await db.KeyExistsAsync(RedisKeys.WebhookStream).WaitAsync(cancellationToken)
                ? await db.StreamGroupInfoAsync(RedisKeys.WebhookStream).WaitAsync(cancellationToken)
                : [];
            return HealthCheckResult.Healthy("Webhook queue operational", new Dictionary<string, object>
            {
                ["waiting"] = groups.Length == 0 ? length : groups.Max(group => group.Lag ?? 0),
                ["active"] = groups.Sum(group => (long)group.PendingMessageCount),
                ["failed"] = failed,
                ["length"] = length,
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Webhook queue unavailable", ex);
        }
    }
}
