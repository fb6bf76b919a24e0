using System.Diagnostics;
using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;
using Favorited.Core.Data;
using Microsoft.AspNetCore.Identity;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// REST as clients call it, at a fixed number of connections: the list page (50 livestreams, newest first; reads need no
/// token), joining (a participant row and a signed LiveKit token per request, each by a new guest with its bearer token,
/// the guests started beforehand, spread over a few big streams), and getting a token: a guest identity, and an account's
/// sign-in, which runs the password hasher on purpose. The bare endpoint's GET with the same generator is the baseline;
/// for sign-in, the password hasher alone.
/// </summary>
internal static class RestPhase
{
    private const string Section = "4. REST";
    private const string Baselines = "Baselines (this machine, same run)";
    private const string BareGet = "bare GET";
    private const string PasswordHasher = "password hasher alone";
    private const int JoinStreams = 20;
    private const int ListPage = 50;

    public static async Task RunAsync(BenchmarkRun run)
    {
        var plan = run.Settings.Rest;
        var (bare, _) = await run.MeasureCpuSharesAsync("rest.bare", () => LoadGenerator.RunAsync(run.Services.BareEndPoint, plan,
            _ => HttpRequests.Get(run.Services.BareEndPoint, "/api/v1/livestreams")), plan.Warmup);
        run.Report.Add(new Figure(Baselines, $"bare endpoint, GET, {plan.Connections} connections",
            bare.PerSecond, "/s", Note: $"p50 {bare.Latency.P50Ms:0.00} ms, p99 {bare.Latency.P99Ms:0.00} ms"));

        var streams = await run.CreateRoomsAsync(JoinStreams, "rest");
        var existing = await run.ScalarAsync("SELECT count(*) FROM livestreams");
        if (existing < ListPage)
        {
            await run.CreateRoomsAsync((int)(ListPage - existing), "list");
        }

        await MeasureListAsync(run, bare, noCache: false, "list (page of 50)", new Target(Goal.AtLeast, 5_000));
        await MeasureListAsync(run, bare, noCache: true, "list (page of 50), Cache-Control: no-cache", rateTarget: null);
        await MeasureJoinAsync(run, streams, bare);
        await MeasureTokensAsync(run, bare);
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
        AddFigures(run, name, listing, listCpu, (BareGet, bare), rateTarget);
    }

    /// <summary>
    /// Joining as a viewer: each request a new guest's, since a user holds one JOINED session per stream. The guests are
    /// started first (not timed), so what is measured is the join with its bearer token, not getting the token.
    /// </summary>
    private static async Task MeasureJoinAsync(BenchmarkRun run, IReadOnlyList<RoomRef> streams, LoadResult bare)
    {
        var plan = run.Settings.Rest;
        var api = run.Services.ApiEndPoint;
        run.Log($"  join: starting {run.Settings.JoinGuests:N0} guest identities, one a join (set-up, not timed)");
        var guests = await Guests.IssueAsync(api, run.Settings.JoinGuests, plan.Connections);

        run.Log("  join: POST /api/v1/livestreams/{id}/join as VIEWER, with a guest's bearer token");
        var (joining, joinCpu) = await run.MeasureCpuSharesAsync("rest.join", () => LoadGenerator.RunAsync(api, plan,
            sequence => sequence < guests.Length
                ? HttpRequests.PostJson(api, $"/api/v1/livestreams/{streams[(int)(sequence % JoinStreams)].StreamId}/join",
                    """{"role":"VIEWER"}""", guests[sequence])
                : null,
            isSuccess: (status, body) => status == 200 && body is not null && body.Contains("\"token\":", StringComparison.Ordinal),
            readBodies: true), plan.Warmup);
        AddFigures(run, "join", joining, joinCpu, (BareGet, bare), new Target(Goal.AtLeast, 2_000));
        if (joining.Succeeded + joining.Failures >= guests.Length)
        {
            run.Report.Note($"join used up the {guests.Length:N0} guests started for it before its time was up, so it was measured " +
                $"over {joining.Elapsed.TotalSeconds:0.0} s (BenchmarkSettings.JoinGuests)");
        }

        var sessions = await run.ScalarAsync("SELECT count(*) FROM participants WHERE livestream_id = ANY($1)",
            streams.Select(s => s.StreamId).ToArray());
        if (sessions != joining.Succeeded)
        {
            run.Report.Problem($"Join: {joining.Succeeded} joins answered 200 but Postgres holds {sessions} sessions for them.");
        }
    }

    /// <summary>Getting a token: a guest identity (no database), and signing in to an account (the password hasher).</summary>
    private static async Task MeasureTokensAsync(BenchmarkRun run, LoadResult bare)
    {
        var plan = run.Settings.Rest;
        var api = run.Services.ApiEndPoint;
        run.Log($"  guest identity: POST {Guests.Path}");
        var (guests, guestCpu) = await run.MeasureCpuSharesAsync("rest.guest", () => LoadGenerator.RunAsync(api, plan,
            sequence => Guests.Request(api, sequence), BearerTokens.IsAnswer, readBodies: true), plan.Warmup);
        AddFigures(run, "guest identity", guests, guestCpu, (BareGet, bare), rateTarget: null);

        run.Log($"  {PasswordHasher}: verifying on {Environment.ProcessorCount} threads");
        var hasher = await run.MeasureCpuAsync("rest.hasher", () => PasswordHasherAsync(plan.Duration));
        run.Report.Add(new Figure(Baselines, $"{PasswordHasher} (Identity's defaults), {Environment.ProcessorCount} threads",
            hasher.PerSecond, "/s", Note: $"one verification p50 {hasher.Latency.P50Ms:0.0} ms, p99 {hasher.Latency.P99Ms:0.0} ms"));
        run.Report.Detail("rest.hasher", IngestPhase.Describe(hasher));

        run.Log("  sign-in: POST /api/v1/auth/login (the host account)");
        await run.Host.AccessTokenAsync(); // registers the host, should no stream have been created yet
        var signIn = HttpRequests.PostJson(api, "/api/v1/auth/login", run.Host.SignInJson);
        var (signingIn, signInCpu) = await run.MeasureCpuSharesAsync("rest.signin", () => LoadGenerator.RunAsync(api, plan,
            _ => signIn, BearerTokens.IsAnswer, readBodies: true), plan.Warmup);
        AddFigures(run, "sign-in", signingIn, signInCpu, (PasswordHasher, hasher), rateTarget: null);
    }

    /// <summary>
    /// What sign-in cannot beat on this machine: ASP.NET Core Identity's password hasher with the options the Api uses (the
    /// defaults), verifying the host's password on as many threads as there are cores, and nothing else.
    /// </summary>
    private static async Task<LoadResult> PasswordHasherAsync(TimeSpan duration)
    {
        var hasher = new PasswordHasher<FavoritedUser>();
        var user = new FavoritedUser();
        var hash = hasher.HashPassword(user, HostAccount.Password);
        var samples = new List<long>[Environment.ProcessorCount];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, samples.Length).Select(thread => Task.Factory.StartNew(() =>
        {
            var mine = samples[thread] = [];
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var start = Stopwatch.GetTimestamp();
                if (hasher.VerifyHashedPassword(user, hash, HostAccount.Password) != PasswordVerificationResult.Success)
                {
                    throw new InvalidOperationException("The password hasher did not verify its own hash.");
                }
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        }, TaskCreationOptions.LongRunning)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var verified = samples.Sum(s => s.Count);
        return new LoadResult(verified, verified, 0, [], elapsed, Latency.Of(samples.SelectMany(s => s)));
    }

    private static void AddFigures(BenchmarkRun run, string name, LoadResult result, IReadOnlyDictionary<string, double> cpu,
        (string Name, LoadResult Result) baseline, Target? rateTarget)
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
            new Baseline(baseline.Name, baseline.Result.PerSecond),
            $"CPU per request: Api {IngestPhase.CpuPerRequest(cpu, "api", result):0} µs, " +
            $"PostgreSQL {IngestPhase.CpuPerRequest(cpu, "postgres", result):0} µs"));
        run.Report.Add(new Figure(Section, $"{name}: latency p50", result.Latency.P50Ms, "ms",
            Baseline: new Baseline(baseline.Name, baseline.Result.Latency.P50Ms)));
        run.Report.Add(new Figure(Section, $"{name}: latency p99", result.Latency.P99Ms, "ms", rateTarget is null ? null : new Target(Goal.AtMost, 25),
            new Baseline(baseline.Name, baseline.Result.Latency.P99Ms)));
        run.Report.Detail($"rest.{name}", IngestPhase.Describe(result));
    }
}
