using System.Diagnostics;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Favorited.MigrationService.Tests;

public sealed class MigrationServiceTests(TestServers servers)
{
    [Fact]
    public async Task MigratesAnEmptyDatabaseAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await servers.CreateEmptyDatabaseAsync(ct);

        var (exitCode, output) = await MigrationServiceProcess.RunAsync(connectionString, ct);

        Assert.True(exitCode == 0, output);
        await using var db = TestServers.CreateDbContext(connectionString);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(0, await db.Livestreams.CountAsync(ct));
        Assert.Equal(0, await db.Participants.CountAsync(ct));
        Assert.Equal(0, await db.WebhookEvents.CountAsync(ct));
    }

    [Fact]
    public async Task RerunningIsANoOp()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await servers.CreateEmptyDatabaseAsync(ct);
        var first = await MigrationServiceProcess.RunAsync(connectionString, ct);
        Assert.True(first.ExitCode == 0, first.Output);
        var schemaAfterFirstRun = await DescribeSchemaAsync(connectionString, ct);

        var second = await MigrationServiceProcess.RunAsync(connectionString, ct);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("up to date", second.Output);
        Assert.Equal(schemaAfterFirstRun, await DescribeSchemaAsync(connectionString, ct));
    }

    [Fact]
    public async Task CreatesTheDatabaseWhenItDoesNotExistYet()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = servers.Postgres.ConnectionString($"fresh_{Guid.NewGuid():N}");

        var (exitCode, output) = await MigrationServiceProcess.RunAsync(connectionString, ct);

        Assert.True(exitCode == 0, output);
        await using var db = TestServers.CreateDbContext(connectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
    }

    [Fact]
    public async Task UnreachableDatabaseFailsWithAClearErrorAfterBoundedRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        var nobodyListens = FreeTcpPort.Next();
        var connectionString = $"Host=127.0.0.1;Port={nobodyListens};Username=postgres;Database=favorited";

        var stopwatch = Stopwatch.StartNew();
        var (exitCode, output) = await MigrationServiceProcess.RunAsync(connectionString, ct,
            ("Migrations__MaxRetryCount", "2"), ("Migrations__MaxRetryDelay", "00:00:00.200"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Database migration failed", output);
        Assert.Contains($"127.0.0.1:{nobodyListens}", output);
        // Bounded: two quick retries, not the minute-long default back-off.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task MissingConnectionStringFailsNamingTheSetting()
    {
        var ct = TestContext.Current.CancellationToken;

        var (exitCode, output) = await MigrationServiceProcess.RunAsync(null, ct);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ConnectionStrings__favorited", output);
    }

    private static async Task<string> DescribeSchemaAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT string_agg(line, E'\n' ORDER BY line) FROM (
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '') AS line
                FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL SELECT 'migration ' || migration_id FROM "__EFMigrationsHistory"
            ) AS schema_lines
            """, connection);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
