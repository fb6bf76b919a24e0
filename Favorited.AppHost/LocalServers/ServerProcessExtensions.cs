using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Favorited.AppHost.LocalServers;

/// <summary>What PostgreSQL and Redis run as processes have in common.</summary>
internal static class ServerProcessExtensions
{
    public const string EndpointName = "tcp";

    /// <summary>
    /// Adds a server process with a <c>tcp</c> endpoint, set up by <paramref name="prepare"/> (with the resource's log)
    /// before each start, and healthy when the check that <paramref name="addHealthCheck"/> registers passes. The check
    /// gets the connection string once the orchestrator knows it (the endpoint allocated), as <c>AddPostgres</c>'s does.
    /// Run mode only: publishing describes containers.
    /// </summary>
    public static IResourceBuilder<T> AddServerProcess<T>(this IDistributedApplicationBuilder builder, T resource,
        Func<ILogger, CancellationToken, Task> prepare,
        Action<IHealthChecksBuilder, Func<IServiceProvider, string>, string> addHealthCheck)
        where T : ExecutableResource, IResourceWithConnectionString
    {
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, (@event, ct) =>
            prepare(@event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource), ct));

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheckKey = $"{resource.Name}_check";
        addHealthCheck(builder.Services.AddHealthChecks(),
            _ => connectionString ?? throw new InvalidOperationException($"The connection string of {resource.Name} is not known yet."),
            healthCheckKey);

        return builder.AddResource(resource)
            .WithEndpoint(name: EndpointName, scheme: "tcp")
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }
}
