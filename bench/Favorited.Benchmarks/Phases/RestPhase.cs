using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// REST: the list page (50 livestreams, newest first) and joining (a participant row and a signed LiveKit token per
/// request, each user once per stream, spread over a few big streams), at a fixed number of connections; the bare
/// endpoint's GET with the same generator is the baseline.
/// </summary>
internal static class RestPhase
{
    private const string Section = "4. REST";
    private const int JoinStreams = 20;
    private const int ListPage = 50;

    public static async Task RunAsync(BenchmarkRun run)
    {
        var plan = run.Settings.Rest;
        var (bare, _) = await run.MeasureCpuSharesAsync("rest.bare", () => LoadGenerator.RunAsync(run.Services.BareEndPoint, plan,
            _ => HttpRequests.Get(run.Services.BareEndPoint, "/api/v1/livestreams")), plan.Warmup);
        run.Report.Add(new Figure("Baselines (this machine, same run)", $"bare endpoint, GET, {plan.Connections} connections",
            bare.PerSecond, "/s", Note: $"p50 {bare.Latency.P50Ms:0.00} ms, p99 {bare.Latency.P99Ms:0.00} ms"));

        var streams = await run.CreateRoomsAsync(JoinStreams, "rest");
        var existing = await run.ScalarAsync("SELECT count(*) FROM livestreams");
        if (existing < ListPage)
        {
            await run.CreateRoomsAsync((int)(ListPage - existing), "list");
        }

        await MeasureListAsync(run, bare, noCache: false, "list (page of 50)", new Target(Goal.AtLeast, 5_000));
        await MeasureListAsync(run, bare, noCache: true, "list (page of 50), Cache-Control: no-cache", rateTarget: null);

        run.Log("  join: POST /api/v1/livestreams/{id}/join");
        var (joining, joinCpu) = await run.MeasureCpuSharesAsync("rest.join", () => LoadGenerator.RunAsync(run.Services.ApiEndPoint, plan,
            sequence => HttpRequests.PostJson(run.Services.ApiEndPoint, $"/api/v1/livestreams/{streams[(int)(sequence % JoinStreams)].StreamId}/join",
                $$"""{"userId":"user-{{run.Tag}}-{{sequence}}","displayName":"Viewer {{sequence}}","role":"VIEWER"}"""),
            isSuccess: (status, body) => status == 200 && body is not null && body.Contains("\"token\":", StringComparison.Ordinal),
            readBodies: true), plan.Warmup);
        AddFigures(run, "join", joining, joinCpu, bare, new Target(Goal.AtLeast, 2_000));

        var sessions = await run.ScalarAsync("SELECT count(*) FROM participants WHERE livestream_id = ANY($1)",
            streams.Select(s => s.StreamId).ToArray());
        if (sessions != joining.Succeeded)
        {
            run.Report.Problem($"Join: {joining.Succeeded} joins answered 200 but Postgres holds {sessions} sessions for them.");
        }
    }

    /// <summary>The list as browsers load it (pages are kept for a moment), or read from Postgres every time.</summary>
    private static async Task MeasureListAsync(BenchmarkRun run, LoadResult bare, bool noCache, string name, Target? rateTarget)
    {
        var plan = run.Settings.Rest;
        run.Log($"  list: GET /api/v1/livestreams?limit={ListPage}{(noCache ? ", Cache-Control: no-cache" : "")}");
        var list = HttpRequests.Get(run.Services.ApiEndPoint, $"/api/v1/livestreams?limit={ListPage}", noCache);
        var (listing, listCpu) = await run.MeasureCpuSharesAsync(noCache ? "rest.list.nocache" : "rest.list", () => LoadGenerator.RunAsync(
            run.Services.ApiEndPoint, plan, _ => list,
            isSuccess: (status, body) => status == 200 && body is not null && body.Contains($"\"count\":{ListPage}", StringComparison.Ordinal),
            readBodies: true), plan.Warmup);
        AddFigures(run, name, listing, listCpu, bare, rateTarget);
    }

    private static void AddFigures(BenchmarkRun run, string name, LoadResult result, IReadOnlyDictionary<string, double> cpu, LoadResult bare,
        Target? rateTarget)
    {
        if (result.Succeeded == 0)
        {
            run.Report.Problem($"{name}: no request succeeded, so the path was not exercised");
        }
        if (result.Failures > 0)
        {
            run.Report.Problem($"{name}: {result.Failures} requests failed, e.g. {string.Join(" | ", result.FailureExamples)}");
        }
        var connections = run.Settings.Rest.Connections;
        run.Report.Add(new Figure(Section, $"{name}, {connections} connections", result.PerSecond, "/s", rateTarget,
            new Baseline("bare GET", bare.PerSecond),
            $"CPU per request: Api {IngestPhase.CpuPerRequest(cpu, "api", result):0} µs, " +
            $"PostgreSQL {IngestPhase.CpuPerRequest(cpu, "postgres", result):0} µs"));
        run.Report.Add(new Figure(Section, $"{name}: latency p50", result.Latency.P50Ms, "ms", Baseline: new Baseline("bare GET", bare.Latency.P50Ms)));
        run.Report.Add(new Figure(Section, $"{name}: latency p99", result.Latency.P99Ms, "ms", rateTarget is null ? null : new Target(Goal.AtMost, 25),
            new Baseline("bare GET", bare.Latency.P99Ms)));
        run.Report.Detail($"rest.{name}", Phases.IngestPhase.Describe(result));
    }
}
