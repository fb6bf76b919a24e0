using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Favorited.MigrationService;

/// <summary>
/// Where the migrations live and how long to keep trying an unreachable database before giving up
/// (<c>Migrations:MaxRetryCount</c>, <c>Migrations:MaxRetryDelay</c>).
/// </summary>
internal static class MigrationOptions
{
    private const int DefaultMaxRetryCount = 6;
    private static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(5);

    public static void Configure(NpgsqlDbContextOptionsBuilder npgsql, IConfiguration configuration)
    {
        npgsql.MigrationsAssembly(typeof(MigrationOptions).Assembly.GetName().Name);
        npgsql.EnableRetryOnFailure(
            maxRetryCount: configuration.GetValue("Migrations:MaxRetryCount", DefaultMaxRetryCount),
            maxRetryDelay: configuration.GetValue("Migrations:MaxRetryDelay", DefaultMaxRetryDelay),
            errorCodesToAdd: null);
    }
}
