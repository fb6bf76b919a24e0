using Favorited.Core;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    public const string HealthCheckName = "database";

    /// <summary>
    /// Registers a pooled <see cref="FavoritedDbContext"/> that retries transient failures, and lets Aspire's
    /// <c>EnrichNpgsqlDbContext</c> add the Npgsql tracing and metrics. The connection string
    /// <c>ConnectionStrings:favorited</c> is read when the first context is created, not at registration.
    /// </summary>
    public static TBuilder AddFavoritedDbContext<TBuilder>(
        this TBuilder builder, Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton<TimestampInterceptor>();
        builder.Services.AddDbContextPool<FavoritedDbContext>((services, options) =>
        {
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionNames.Database);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"No database connection string: set ConnectionStrings:{ConnectionNames.Database} " +
                    $"(environment variable ConnectionStrings__{ConnectionNames.Database}).");
            }

            options.UseNpgsql(WithAutoPrepare(connectionString), npgsql =>
            {
                FavoritedDbContext.ConfigureNpgsql(npgsql);
                // A few quick retries ride out a failover; a request must not hang for a minute in an outage.
                npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null);
                configureNpgsql?.Invoke(npgsql);
            });
            FavoritedDbContext.ConfigureConventions(options);
            options.AddInterceptors(services.GetRequiredService<TimestampInterceptor>());
            // A failed command, save or query is thrown to its caller, which logs it once with what it knows (the Api with
            // the request's trace id, the worker with the webhook); EF Core's own error lines would repeat it.
            options.ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
        });

        // Enrich rather than AddNpgsqlDbContext: the latter reads the connection string at registration.
        builder.EnrichNpgsqlDbContext<FavoritedDbContext>(settings =>
        {
            // The retry budget is the one above (or the migration service's); the integration leaves it alone.
            settings.DisableRetry = true;
            // Ours below reports under the name /health has always shown.
            settings.DisableHealthChecks = true;
        });

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(HealthCheckName, timeout: TimeSpan.FromSeconds(5));

        return builder;
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a connection runs most, so PostgreSQL parses and plans them once per connection
    /// instead of on every execution (less PostgreSQL CPU per list or join: see docs/benchmarks.md). A connection string that
    /// sets <c>Max Auto Prepare</c> itself keeps its value.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
    }
}
