using System.Globalization;

namespace Favorited.Benchmarks;

/// <summary>What bench.sh hands over: the PostgreSQL and Redis it started, and the baseline tools.</summary>
public sealed record BenchmarkEnvironment(
    bool Smoke,
    int PostgresPort,
    string PostgresDataDirectory,
    int RedisPort,
    int RedisPid,
    string Pgbench,
    string RedisBenchmark,
    string ResultsFile,
    IReadOnlySet<string> Parts)
{
    /// <summary>The parts of the suite, in the order they run.</summary>
    public static readonly string[] AllParts = ["baselines", "ingest", "bursts", "sse", "rest", "chat", "moderation", "analytics"];

    public bool Runs(string part) => Parts.Contains(part);

    public const string Usage = """
        usage: Favorited.Benchmarks [--smoke] --postgres-port N --postgres-data DIR --redis-port N --redis-pid N
                                    --pgbench PATH --redis-benchmark PATH [--out FILE] [--only PART,PART…]
        Parts: baselines, ingest, bursts, sse, rest, chat, moderation, analytics (default: all).
        Run it through ./bench.sh, which starts PostgreSQL and Redis and passes these.
        """;

    public string PostgresConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database={database};Include Error Detail=true";

    public string RedisConfiguration => $"127.0.0.1:{RedisPort}";

    /// <summary>The postmaster's pid, from the first line of <c>postmaster.pid</c>.</summary>
    public int PostgresPid => int.Parse(File.ReadLines(Path.Combine(PostgresDataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public static BenchmarkEnvironment Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var smoke = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--smoke")
            {
                smoke = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }
        string Required(string name) =>
            values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.\n{Usage}");
        int Number(string name) => int.Parse(Required(name), CultureInfo.InvariantCulture);

        return new BenchmarkEnvironment(smoke, Number("postgres-port"), Required("postgres-data"), Number("redis-port"),
            Number("redis-pid"), Required("pgbench"), Required("redis-benchmark"),
            values.GetValueOrDefault("out") ?? Path.Combine(Hosting.RepositoryLayout.Root, ".artifacts", "bench", "results.json"),
            ParseParts(values.GetValueOrDefault("only")));
    }

    private static HashSet<string> ParseParts(string? only)
    {
        if (only is null)
        {
            return [.. AllParts];
        }
        var parts = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var unknown = parts.Except(AllParts).ToList();
        return unknown.Count == 0 ? parts : throw new ArgumentException($"Unknown part(s) {string.Join(", ", unknown)}.\n{Usage}");
    }
}
