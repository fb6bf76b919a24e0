using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Favorited.Core.Redis;

/// <summary>Healthy when Redis answers PING.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // While disconnected the multiplexer queues commands until they time out; report at once instead.
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Redis connection failed",
                new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Not connected to Redis"));
        }

        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("Redis connection active",
                new Dictionary<string, object> { ["latencyMs"] = Math.Round(latency.TotalMilliseconds, 3) });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Redis connection failed", ex);
        }
    }
}
