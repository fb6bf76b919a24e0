using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Identity;

/// <summary>Says on <c>/health</c> how callers are identified, so compatibility mode cannot be on unnoticed.</summary>
public sealed class AuthModeHealthCheck(IOptions<AuthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            options.Value.Mode == AuthMode.Compatibility
                ? "Compatibility mode is on: request bodies say who is calling, and anyone can act as anyone"
                : "Callers are identified by their tokens",
            new Dictionary<string, object> { ["mode"] = options.Value.Mode.ToString() }));
}
