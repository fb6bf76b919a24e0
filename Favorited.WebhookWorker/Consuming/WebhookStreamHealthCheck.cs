using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>Reports the webhook stream's backlog: entries being processed, not yet read, and dead-lettered.</summary>
public sealed class WebhookStreamHealthCheck(WebhookStream stream) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stats = await stream.GetStatsAsync();
        return HealthCheckResult.Healthy("Webhook stream readable", new Dictionary<string, object>
        {
            ["pending"] = stats.Pending,
            ["lag"] = stats.Lag,
            ["deadLetters"] = stats.DeadLetters,
            ["consumers"] = stats.Consumers,
        });
    }
}
