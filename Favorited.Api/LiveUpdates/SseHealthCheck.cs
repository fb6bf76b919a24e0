using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Favorited.Api.LiveUpdates;

/// <summary>Always healthy; reports this process's SSE connections and the streams it holds a Redis subscription for.</summary>
public sealed class SseHealthCheck(StreamEventHub hub) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("Server-sent events operational", new Dictionary<string, object>
        {
            ["connections"] = hub.Connections,
            ["streams"] = hub.Streams,
        }));
}
