using Aspire.Hosting.Dotnet;
using Microsoft.Extensions.Configuration;

namespace Favorited.AppHost;

/// <summary>
/// How many processes of the Api (<c>Favorited:ApiReplicas</c>) and of the webhook worker (<c>Favorited:WorkerReplicas</c>)
/// a run starts; 1 each when unset. With more than one, Aspire puts a proxy on the service's endpoint that spreads
/// connections over the replicas, and everything that references the endpoint (the client, the emulator's webhooks) goes
/// through it. Each worker replica is a consumer of its own in the stream's group.
/// </summary>
internal static class Replicas
{
    public const string ApiKey = "Favorited:ApiReplicas";
    public const string WorkerKey = "Favorited:WorkerReplicas";

    /// <summary>Runs the service as the configured number of replicas.</summary>
    /// <exception cref="InvalidOperationException">The setting is not a whole number from 1 to 16.</exception>
    public static IResourceBuilder<T> WithConfiguredReplicas<T>(this IResourceBuilder<T> service, IConfiguration configuration, string key)
        where T : DotnetProjectResource
    {
        var count = configuration[key] switch
        {
            null or "" => 1,
            var text when int.TryParse(text, out var n) && n is >= 1 and <= 16 => n,
            var text => throw new InvalidOperationException($"{key} must be a whole number from 1 to 16, not '{text}'."),
        };
        return count == 1 ? service : service.WithReplicas(count);
    }
}
