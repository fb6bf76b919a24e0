using Favorited.Benchmarks.Hosting;
using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// Webhook ingest: signed LiveKit webhooks with unique ids, as fast as a fixed number of connections gets them answered,
/// against the Api's receiver and, with the same generator, against the bare endpoint. The worker is not running, so
/// the figure is the receiver's alone; every 200 must have put exactly one entry on the stream.
/// </summary>
internal static class IngestPhase
{
    private const string Section = "1. Webhook ingest";
    public const string BareWebhook = "bare endpoint";

    public static async Task RunAsync(BenchmarkRun run)
    {
        var plan = run.Settings.Ingest;
        var (bare, bareCpu) = await RunAsync(run, "bare", new Webhooks(run.Services.BareEndPoint, ServiceStack.ApiKey, ServiceStack.ApiSecret), plan);
        run.Baselines[BareWebhook] = bare.PerSecond;
        run.Report.Add(new Figure("Baselines (this machine, same run)", $"bare endpoint, webhook POST, {plan.Connections} connections",
            bare.PerSecond, "/s", Note: $"p50 {bare.Latency.P50Ms:0.00} ms, p99 {bare.Latency.P99Ms:0.00} ms, "
                + $"{CpuPerRequest(bareCpu, "bare", bare):0} µs of CPU per request"));

        var stream = run.Redis.GetDatabase();
        await stream.KeyDeleteAsync(RedisKeys.WebhookStream);
        var (result, cpu) = await RunAsync(run, "api", run.Webhooks, plan);
        var queued = await stream.StreamLengthAsync(RedisKeys.WebhookStream);
        if (queued != result.Succeeded)
        {
            run.Report.Problem($"Ingest: the Api answered 200 to {result.Succeeded} webhooks but the stream holds {queued}.");
        }
        if (result.Failures > 0)
        {
            run.Report.Problem($"Ingest: {result.Failures} webhooks were not accepted, e.g. {string.Join(" | ", result.FailureExamples)}");
        }

        var xadd = run.Baselines.GetValueOrDefault(BaselinePhase.RedisXadd, double.NaN);
        run.Report.Add(new Figure(Section, $"webhooks accepted (200), {plan.Connections} connections", result.PerSecond, "/s",
            new Target(Goal.AtLeast, 20_000), new Baseline(BaselinePhase.RedisXadd, xadd),
            $"the Api used {CpuPerRequest(cpu, "api", result):0} µs of CPU per webhook, Redis {CpuPerRequest(cpu, "redis", result):0} µs"));
        run.Report.Add(new Figure(Section, "the same as a share of the bare endpoint's rate", 100 * result.PerSecond / bare.PerSecond, "%",
            new Target(Goal.AtLeast, 40)));
        run.Report.Add(new Figure(Section, "latency p50", result.Latency.P50Ms, "ms", Baseline: new Baseline(BareWebhook, bare.Latency.P50Ms)));
        run.Report.Add(new Figure(Section, "latency p99", result.Latency.P99Ms, "ms", new Target(Goal.AtMost, 20),
            new Baseline(BareWebhook, bare.Latency.P99Ms)));
        run.Report.Detail("ingest", new { api = Describe(result), bare = Describe(bare), queued });

        // The next phases start the worker; it must not spend them on this backlog of webhooks for rooms that do not exist.
        await stream.KeyDeleteAsync(RedisKeys.WebhookStream);
    }

    private static Task<(LoadResult Result, IReadOnlyDictionary<string, double> Shares)> RunAsync(BenchmarkRun run, string target,
        Webhooks webhooks, LoadPlan plan) =>
        run.MeasureCpuSharesAsync($"ingest.{target}", () => LoadGenerator.RunAsync(
            target == "api" ? run.Services.ApiEndPoint : run.Services.BareEndPoint, plan,
            sequence => webhooks.ParticipantEvent("participant_joined", $"EV_{run.Tag}{target}{sequence}",
                new RoomRef(Guid.Empty, $"ingest-{sequence % 100}", $"RM_ingest{sequence % 100}"),
                $"viewer-{sequence}", $"PA_{run.Tag}{target}{sequence}"),
            isSuccess: (status, _) => status == 200), plan.Warmup);

    /// <summary>
    /// CPU time a process spent per counted request, in microseconds: its share of one core over the measured time (the
    /// CPU meter skips the warm-up too) spread over the requests answered in it. Unlike a rate, this hardly moves when
    /// something else loads the machine.
    /// </summary>
    public static double CpuPerRequest(IReadOnlyDictionary<string, double> shares, string process, LoadResult result) =>
        shares.TryGetValue(process, out var percent) && result.Completed > 0
            ? percent / 100 * result.Elapsed.TotalSeconds * 1e6 / result.Completed
            : double.NaN;

    public static object Describe(LoadResult result) => new
    {
        perSecond = Math.Round(result.PerSecond),
        result.Completed,
        result.Succeeded,
        result.Failures,
        result.FailureExamples,
        seconds = result.Elapsed.TotalSeconds,
        result.Latency,
    };
}
