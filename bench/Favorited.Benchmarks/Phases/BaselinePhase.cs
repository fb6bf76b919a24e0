using System.Globalization;
using System.Text.RegularExpressions;
using Favorited.Benchmarks.Reporting;
using Npgsql;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// What this machine's Redis and PostgreSQL do alone, measured with their own tools in the same run: XADD (the webhook
/// receiver's core write) with redis-benchmark, and a one-row INSERT transaction (the worker's unit of work) with pgbench.
/// </summary>
internal static partial class BaselinePhase
{
    public const string RedisXadd = "redis-benchmark XADD";
    public const string Pgbench = "pgbench 1-row INSERT";

    public static async Task RunAsync(BenchmarkRun run)
    {
        await RedisXaddAsync(run);
        await PgbenchAsync(run);
    }

    private static async Task RedisXaddAsync(BenchmarkRun run)
    {
        const string key = "favorited:bench:xadd";
        var clients = run.Settings.Ingest.Connections;
        // An entry of the webhook stream's size: the webhook body (~800 bytes) and a few short fields.
        var output = await run.MeasureCpuAsync("redis-benchmark", () => ExternalTool.RunAsync(run.Environment.RedisBenchmark,
        [
            "-h", "127.0.0.1", "-p", run.Environment.RedisPort.ToString(CultureInfo.InvariantCulture),
            "-c", clients.ToString(CultureInfo.InvariantCulture), "-n", run.Settings.RedisBenchmarkRequests.ToString(CultureInfo.InvariantCulture),
            "-r", "1000000000", "--csv",
            "XADD", key, "*", "id", "EV___rand_int__", "event", "participant_joined", "room", "room-__rand_int__", "body", new string('x', 800),
        ], TimeSpan.FromMinutes(2)));
        await run.Redis.GetDatabase().KeyDeleteAsync(key);

        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var fields = output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("\"XADD", StringComparison.Ordinal))
            .Split("\",\"").Select(f => f.Trim('"')).ToArray();
        double Field(int index) => double.Parse(fields[index], CultureInfo.InvariantCulture);
        run.Baselines[RedisXadd] = Field(1);
        run.Report.Add(new Figure("Baselines (this machine, same run)", $"{RedisXadd}, {clients} connections", Field(1), "/s",
            Note: $"p50 {Field(4):0.00} ms, p99 {Field(6):0.00} ms"));
    }

    private static async Task PgbenchAsync(BenchmarkRun run)
    {
        const string database = "bench_baseline";
        await using (var admin = NpgsqlDataSource.Create(run.Environment.PostgresConnectionString("postgres")))
        {
            await admin.CreateCommand($"DROP DATABASE IF EXISTS {database}").ExecuteNonQueryAsync();
            await admin.CreateCommand($"CREATE DATABASE {database}").ExecuteNonQueryAsync();
        }
        await using (var scratch = NpgsqlDataSource.Create(run.Environment.PostgresConnectionString(database)))
        {
            await scratch.CreateCommand("""
                CREATE TABLE scratch (id bigserial PRIMARY KEY, room text NOT NULL, identity text NOT NULL,
                                      created_at timestamptz NOT NULL DEFAULT now())
                """).ExecuteNonQueryAsync();
        }
        var script = Path.Combine(Path.GetTempPath(), $"favorited-pgbench-{run.Tag}.sql");
        await File.WriteAllTextAsync(script, """
            \set n random(1, 1000000000)
            INSERT INTO scratch (room, identity) VALUES ('room-' || :n, 'viewer-' || :n);
            """);
        try
        {
            var plan = run.Settings.Pgbench;
            var output = await run.MeasureCpuAsync("pgbench", () => ExternalTool.RunAsync(run.Environment.Pgbench,
            [
                "-h", "127.0.0.1", "-p", run.Environment.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                "-n", "-M", "prepared", "-c", plan.Connections.ToString(CultureInfo.InvariantCulture), "-j", "2",
                "-T", ((int)plan.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-f", script, database,
            ], plan.Duration + TimeSpan.FromMinutes(1)));
            var tps = double.Parse(TpsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var latency = LatencyLine().Match(output) is { Success: true } match ? $"average latency {match.Groups[1].Value} ms" : null;
            run.Baselines[Pgbench] = tps;
            run.Report.Add(new Figure("Baselines (this machine, same run)", $"{Pgbench} transactions, {plan.Connections} clients", tps, "/s",
                Note: latency));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    internal static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    internal static partial Regex LatencyLine();
}
