using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Favorited.Testing;

/// <summary>
/// One PostgreSQL and one Redis server per test assembly (register with
/// <c>[assembly: AssemblyFixture(typeof(TestServers))]</c>). Every test class gets databases of its own:
/// <see cref="CreateDatabaseAsync"/> copies a template that was migrated once, which takes milliseconds.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private const string TemplateDatabase = "favorited_template";
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("Servers are not started.");
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Servers are not started.");

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _redis = await RedisServer.StartAsync();

        await Postgres.ExecuteAsync($"CREATE DATABASE {TemplateDatabase}");
        await using (var db = CreateDbContext(Postgres.ConnectionString(TemplateDatabase, pooling: false)))
        {
            await db.Database.MigrateAsync();
        }
    }

    /// <summary>A new database with the current schema; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = UniqueDatabaseName();
        await Postgres.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {TemplateDatabase}", cancellationToken);
        return Postgres.ConnectionString(name);
    }

    /// <summary>A new database with no schema at all; returns its connection string.</summary>
    public async Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = UniqueDatabaseName();
        await Postgres.ExecuteAsync($"CREATE DATABASE {name}", cancellationToken);
        return Postgres.ConnectionString(name);
    }

    /// <summary>A context configured exactly as the services configure theirs, with migrations available.</summary>
    public static FavoritedDbContext CreateDbContext(string connectionString, TimeProvider? timeProvider = null)
    {
        var options = new DbContextOptionsBuilder<FavoritedDbContext>();
        options.UseNpgsql(connectionString, npgsql =>
        {
            FavoritedDbContext.ConfigureNpgsql(npgsql);
            npgsql.MigrationsAssembly("Favorited.MigrationService");
        });
        FavoritedDbContext.ConfigureConventions(options);
        options.AddInterceptors(new TimestampInterceptor(timeProvider ?? TimeProvider.System));
        return new FavoritedDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private static string UniqueDatabaseName() => $"test_{Guid.NewGuid():N}";
}
