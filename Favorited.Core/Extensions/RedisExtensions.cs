using Favorited.Core;
using Favorited.Core.Redis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    public const string HealthCheckName = "redis";

    /// <summary>
    /// Registers a shared <see cref="IConnectionMultiplexer"/> through Aspire's <c>AddRedisClient</c>, which traces it and
    /// gives it the host's logger factory: configured from <c>ConnectionStrings:redis</c> (read at registration), connected
    /// on first use, never aborting on a failed connect (it keeps reconnecting), and with a health check.
    /// </summary>
    public static TBuilder AddFavoritedRedis<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient(ConnectionNames.Redis,
            settings =>
            {
                // Ours below reports under the name /health has always shown.
                settings.DisableHealthChecks = true;
                // Connect on first use, as before, not while the host starts.
                settings.DisableAutoActivation = true;
            },
            options =>
            {
                if (options.EndPoints.Count == 0)
                {
                    throw new InvalidOperationException(
                        $"No Redis connection string: set ConnectionStrings:{ConnectionNames.Redis} " +
                        $"(environment variable ConnectionStrings__{ConnectionNames.Redis}).");
                }

                options.AbortOnConnectFail = false;
                options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 500, maxDeltaBackOffMilliseconds: 5000);
                // The .NET thread pool rather than the client's own threads: less CPU per command and more commands per
                // second, from fewer hand-offs between threads (docs/benchmarks.md).
                options.SocketManager = SocketManager.ThreadPool;
            });

        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>(HealthCheckName, timeout: TimeSpan.FromSeconds(5));

        return builder;
    }
}
