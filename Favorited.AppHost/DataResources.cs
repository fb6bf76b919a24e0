using Favorited.AppHost.LocalServers;
using Favorited.LocalServers;
using Microsoft.Extensions.Configuration;

namespace Favorited.AppHost;

/// <summary>
/// PostgreSQL (database <c>favorited</c>) and Redis. A connection string in the configuration
/// (<c>ConnectionStrings:favorited</c>, <c>ConnectionStrings:redis</c>) means an existing server; otherwise a container
/// where containers are used (see <see cref="ContainerRuntime"/>), else a process of the machine's own server program.
/// Either way the services get the same <c>ConnectionStrings__*</c> through <c>WithReference</c>.
/// </summary>
internal static class DataResources
{
    public const string Database = "favorited";
    public const string Redis = "redis";

    /// <returns>The database, and what to wait for before using it (the server, whose health check says it accepts connections).</returns>
    public static (IResourceBuilder<IResourceWithConnectionString> Database, IResourceBuilder<IResource> Server) AddFavoritedDatabase(
        this IDistributedApplicationBuilder builder, bool useContainers)
    {
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(Database)))
        {
            var existing = builder.AddConnectionString(Database);
            return (existing, existing);
        }
        if (useContainers)
        {
            var container = builder.AddPostgres("postgres");
            // Azure Container Apps would put a volume on Azure Files, where PostgreSQL cannot start
            // (microsoft/aspire#6671): a deployment gets none, and should move its data to a managed service.
            if (builder.ExecutionContext.IsRunMode)
            {
                container.WithDataVolume();
            }
            return (container.AddDatabase(Database), container);
        }
        var process = builder.AddPostgresProcess("postgres");
        // The migrator creates the database on its first run.
        return (builder.AddConnectionString(Database, ReferenceExpression.Create($"{process.Resource};Database={Database}")), process);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddFavoritedRedis(this IDistributedApplicationBuilder builder, bool useContainers)
    {
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(Redis)))
        {
            return builder.AddConnectionString(Redis);
        }
        if (useContainers)
        {
            var container = builder.AddRedis(Redis);
            // Published, Redis should be a managed service with the same persistence (see the README).
            if (builder.ExecutionContext.IsRunMode)
            {
                container.WithDataVolume().WithArgs([.. RedisDurability.ServerArguments]);
            }
            return container;
        }
        return builder.AddRedisProcess(Redis);
    }
}
