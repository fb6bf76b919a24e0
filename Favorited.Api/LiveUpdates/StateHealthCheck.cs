using Favorited.Core.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// The original's <c>state</c> component: live state and event streams. Healthy while the Redis connection that carries
/// live-state events is up; reports this process's event streams and the streams it holds a subscription for.
/// </summary>
public sealed class StateHealthCheck(StreamEventHub hub, IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.GetSubscriber().IsConnected(RedisChannel.Literal(RedisKeys.AllStreamEventsChannel))
            ? HealthCheckResult.Healthy("State service operational", new Dictionary<string, object>
            {
                ["activeConnections"] = hub.Connections,
                ["subscribedStreams"] = hub.Streams,
            })
            : HealthCheckResult.Unhealthy("State service unavailable"));
}
