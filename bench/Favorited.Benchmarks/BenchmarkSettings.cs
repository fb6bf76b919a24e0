using Favorited.Benchmarks.Load;

namespace Favorited.Benchmarks;

/// <summary>One burst: <paramref name="Events"/> participant webhooks spread evenly over <paramref name="Rooms"/> new rooms.</summary>
public sealed record BurstCase(int Events, int Rooms)
{
    public string Name => Rooms == 1 ? $"{Events:N0} webhooks, one room" : $"{Events:N0} webhooks, {Rooms} rooms";
}

/// <summary>The analytics benchmark's stream: its sessions (over that many viewers), its length and its chat.</summary>
public sealed record AnalyticsSize(int Sessions, int Identities, int Seconds, int ChatMessages);

/// <summary>
/// How big and how long each measurement is. The full run is what the figures come from (bounded to a few minutes);
/// the smoke run goes through every code path with tiny counts in seconds, so that the suite cannot rot.
/// </summary>
public sealed record BenchmarkSettings(
    LoadPlan Ingest,
    int RedisBenchmarkRequests,
    LoadPlan Pgbench,
    int BurstConnections,
    BurstCase BurstWarmup,
    IReadOnlyList<BurstCase> Bursts,
    TimeSpan BurstDeadline,
    LoadPlan Rest,
    int JoinGuests,
    IReadOnlyList<int> SseLevels,
    int SseRounds,
    TimeSpan SseRoundTimeout,
    LoadPlan Chat,
    int ChatAuthors,
    int ChatFanOut,
    AnalyticsSize Analytics)
{
    /// <summary>The worker's default lanes: pgbench gets as many clients as the worker has Postgres transactions in flight.</summary>
    public const int WorkerLanes = 10;

    public static readonly BenchmarkSettings Full = new(
        // Tiered JIT keeps recompiling hot code for several seconds after load starts (on a busy 2-core machine, up to ~8 s):
        // the warm-ups let it finish, so the figures are the steady state.
        Ingest: new LoadPlan(Connections: 64, Warmup: TimeSpan.FromSeconds(10), Duration: TimeSpan.FromSeconds(10)),
        RedisBenchmarkRequests: 200_000,
        Pgbench: new LoadPlan(Connections: WorkerLanes, Warmup: TimeSpan.Zero, Duration: TimeSpan.FromSeconds(10)),
        BurstConnections: 64,
        BurstWarmup: new(10_000, 20),
        Bursts: [new(5_000, 50), new(5_000, 1), new(50_000, 500), new(50_000, 1)],
        BurstDeadline: TimeSpan.FromSeconds(90),
        Rest: new LoadPlan(Connections: 50, Warmup: TimeSpan.FromSeconds(8), Duration: TimeSpan.FromSeconds(10)),
        // Each join is a new guest, started before the measurement: more than two cores can join in the warm-up and the
        // measured time together (the run notes it if the join runs out early).
        JoinGuests: 120_000,
        SseLevels: [1_000, 10_000, 20_000],
        SseRounds: 20,
        SseRoundTimeout: TimeSpan.FromSeconds(10),
        // Posting runs more code than a join (the statement, the announcement script, serializing the event): at 8 s the
        // first chat figure still measured the JIT at work (twice the Api's CPU per post of the second).
        Chat: new LoadPlan(Connections: 50, Warmup: TimeSpan.FromSeconds(15), Duration: TimeSpan.FromSeconds(10)),
        ChatAuthors: 500,
        ChatFanOut: 10_000,
        // Issue 21's stream: 6 hours, about 10,000 watching at any time (sessions of 10–110 min, mean 1 h).
        Analytics: new AnalyticsSize(Sessions: 60_000, Identities: 30_000, Seconds: 6 * 3600, ChatMessages: 100_000));

    public static readonly BenchmarkSettings Smoke = new(
        Ingest: new LoadPlan(Connections: 8, Warmup: TimeSpan.FromMilliseconds(300), Duration: TimeSpan.FromSeconds(1)),
        RedisBenchmarkRequests: 2_000,
        Pgbench: new LoadPlan(Connections: 2, Warmup: TimeSpan.Zero, Duration: TimeSpan.FromSeconds(1)),
        BurstConnections: 8,
        BurstWarmup: new(30, 2),
        Bursts: [new(150, 3), new(150, 1)],
        BurstDeadline: TimeSpan.FromSeconds(60),
        Rest: new LoadPlan(Connections: 8, Warmup: TimeSpan.FromMilliseconds(300), Duration: TimeSpan.FromSeconds(1)),
        JoinGuests: 4_000,
        SseLevels: [20, 50],
        SseRounds: 2,
        SseRoundTimeout: TimeSpan.FromSeconds(10),
        Chat: new LoadPlan(Connections: 8, Warmup: TimeSpan.FromMilliseconds(300), Duration: TimeSpan.FromSeconds(1)),
        ChatAuthors: 20,
        ChatFanOut: 50,
        Analytics: new AnalyticsSize(Sessions: 600, Identities: 300, Seconds: 600, ChatMessages: 1_000));
}
