using System.Diagnostics;
using System.Globalization;
using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;
using Npgsql;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// Issue 21's stream: 6 hours, 60,000 sessions of 30,000 viewers (about 10,000 at any time), 40 stage changes and 100,000
/// chat messages, written straight into PostgreSQL with <c>generate_series</c> (seconds, not hours), twice: once ENDED and
/// once still LIVE (the sessions that reach now left open). A third, earlier stream of the same creator makes a third of the
/// viewers returning. Measured: what the stream costs in rows and bytes, how long its snapshot takes to compute, and
/// <c>GET …/analytics?resolution=10</c> as the creator's client sends it — ended (the stored snapshot), live (a computation
/// kept 5 s) and live with <c>Cache-Control: no-cache</c> (every request computes: the worst case). Baselines in the same run:
/// pgbench reading the snapshot row, the bare endpoint's GET, and reading the live stream's sessions alone.
/// </summary>
internal static class AnalyticsPhase
{
    private const string Section = "7. Analytics";
    private const string Baselines = "Baselines (this machine, same run)";
    private const string BareGet = "bare GET";
    private const int RoleChanges = 40;

    public static async Task RunAsync(BenchmarkRun run)
    {
        var size = run.Settings.Analytics;
        var plan = run.Settings.Rest;
        var streams = await run.CreateRoomsAsync(3, "analytics");
        var (ended, live, earlier) = (streams[0].StreamId, streams[1].StreamId, streams[2].StreamId);
        var now = DateTime.UtcNow;
        var start = now.AddSeconds(-size.Seconds);

        var before = await run.ScalarAsync("SELECT pg_total_relation_size('participants')");
        var inserting = Stopwatch.StartNew();
        await SetTimesAsync(run, ended, start, now, "ENDED");
        var sessions = await InsertSessionsAsync(run, ended, start, now, leaveOpen: false);
        var afterOne = await run.ScalarAsync("SELECT pg_total_relation_size('participants')");
        await InsertRoleChangesAsync(run, ended, start);
        await InsertChatAsync(run, ended, start);
        await SetTimesAsync(run, live, start, null, "LIVE");
        var open = await InsertSessionsAsync(run, live, start, now, leaveOpen: true);
        await InsertChatAsync(run, live, start);
        await SetTimesAsync(run, earlier, start.AddDays(-1), start.AddDays(-1).AddHours(1), "ENDED");
        await InsertEarlierSessionsAsync(run, earlier, start.AddDays(-1), size.Identities / 3);
        await ExecuteAsync(run, "ANALYZE participants; ANALYZE chat_messages; ANALYZE participant_role_changes");
        run.Log($"  analytics: {sessions:N0} sessions per stream ({open:N0} left open in the live one), {size.ChatMessages:N0} chat " +
            $"messages, inserted in {inserting.Elapsed.TotalSeconds:0.0} s");

        var host = await run.Host.AccessTokenAsync();
        var snapshotTime = Stopwatch.StartNew();
        using (var first = await GetAsync(run, $"/api/v1/livestreams/{ended}/analytics?resolution=10", host))
        {
            snapshotTime.Stop();
            await EnsureSuccessAsync(first, "The first analytics request of the ended stream");
        }
        await AddCostsAsync(run, ended, sessions, afterOne - before, snapshotTime.Elapsed);

        var (bare, _) = await run.MeasureCpuSharesAsync("analytics.bare", () => LoadGenerator.RunAsync(run.Services.BareEndPoint, plan,
            _ => HttpRequests.Get(run.Services.BareEndPoint, "/api/v1/livestreams")), plan.Warmup);
        run.Report.Add(new Figure(Baselines, $"{BareGet}, {plan.Connections} connections (analytics part)", bare.PerSecond, "/s",
            Note: $"p50 {bare.Latency.P50Ms:0.00} ms, p99 {bare.Latency.P99Ms:0.00} ms"));
        await PgbenchSnapshotReadAsync(run, ended, plan.Connections);
        await SpansReadAsync(run, live);

        var target = new Target(Goal.AtMost, 100);
        await MeasureAsync(run, "ended stream (snapshot)", $"/api/v1/livestreams/{ended}/analytics?resolution=10", host, noCache: false,
            bare, target);
        await MeasureAsync(run, "live stream (kept 5 s)", $"/api/v1/livestreams/{live}/analytics?resolution=10", host, noCache: false,
            bare, target);
        await MeasureAsync(run, "live stream, Cache-Control: no-cache (computed every request)",
            $"/api/v1/livestreams/{live}/analytics?resolution=10", host, noCache: true, bare, target: null);

        await ColdComputeAsync(run, live, host);

        var csvTime = Stopwatch.StartNew();
        using var csv = await GetAsync(run, $"/api/v1/livestreams/{ended}/analytics/viewers.csv", host);
        await EnsureSuccessAsync(csv, "viewers.csv");
        var csvBytes = (await csv.Content.ReadAsByteArrayAsync()).Length;
        run.Report.Add(new Figure(Section, "viewers.csv of the ended stream, one request", csvTime.Elapsed.TotalMilliseconds, "ms",
            Note: $"{csvBytes / 1024.0:N0} KiB"));
    }

    private static Task SetTimesAsync(BenchmarkRun run, Guid stream, DateTime start, DateTime? end, string status) =>
        ExecuteAsync(run, $"UPDATE livestreams SET status = '{status}', started_at = $2, ended_at = $3 WHERE id = $1",
            stream, start, (object?)end ?? DBNull.Value);

    /// <summary>
    /// Session i connects at (i·7919 mod length) s and stays 600 + (i·104729 mod 6000) s, as viewer i mod identities. In the
    /// live stream a session that reaches now is still JOINED (and gets an identity of its own, as one person holds one
    /// JOINED session per stream); in the ended one every session ends by the end.
    /// </summary>
    private static async Task<long> InsertSessionsAsync(BenchmarkRun run, Guid stream, DateTime start, DateTime end, bool leaveOpen)
    {
        var size = run.Settings.Analytics;
        await ExecuteAsync(run, """
            INSERT INTO participants (id, livestream_id, user_id, display_name, role, status, livekit_participant_sid,
                                      joined_at, left_at, connected_at, disconnected_at)
            SELECT gen_random_uuid(), $1,
                   CASE WHEN s.open THEN 'bench-o-' || $5 || '-' || s.i ELSE 'bench-v-' || $5 || '-' || (s.i % $4) END,
                   'Viewer ' || s.i, 'VIEWER', CASE WHEN s.open THEN 'JOINED' ELSE 'LEFT' END::participant_status,
                   'PA_b' || $5 || '_' || $1 || '_' || s.i, s.c,
                   CASE WHEN s.open THEN NULL ELSE least(s.e, $3) END, s.c, CASE WHEN s.open THEN NULL ELSE least(s.e, $3) END
            FROM (SELECT i, c, e, $6 AND e >= $3 AS open
                  FROM (SELECT i, $2 + ((i * 7919) % $7) * interval '1 second' AS c,
                               $2 + ((i * 7919) % $7 + 600 + (i * 104729) % 6000) * interval '1 second' AS e
                        FROM generate_series(1::bigint, $8) i) g) s
            """, stream, start, end, (long)size.Identities, run.Tag, leaveOpen, (long)size.Seconds, (long)size.Sessions);
        await ExecuteAsync(run, """
            INSERT INTO participants (id, livestream_id, user_id, display_name, role, status, livekit_participant_sid, joined_at,
                                      left_at, connected_at, disconnected_at)
            SELECT gen_random_uuid(), l.id, l.created_by, 'Benchmark host', 'HOST', CASE WHEN $3 THEN 'JOINED' ELSE 'LEFT' END::participant_status,
                   'PA_bh_' || l.id, $2, CASE WHEN $3 THEN NULL ELSE l.ended_at END, $2, CASE WHEN $3 THEN NULL ELSE l.ended_at END
            FROM livestreams l WHERE l.id = $1
            """, stream, start, leaveOpen);
        return await run.ScalarAsync("SELECT count(*) FROM participants WHERE livestream_id = $1 AND role = 'VIEWER'", stream);
    }

    /// <summary>A third of the viewers watched an earlier stream of the same creator: they count as returning.</summary>
    private static Task InsertEarlierSessionsAsync(BenchmarkRun run, Guid stream, DateTime start, int viewers) =>
        ExecuteAsync(run, """
            INSERT INTO participants (id, livestream_id, user_id, display_name, role, status, livekit_participant_sid, joined_at,
                                      left_at, connected_at, disconnected_at)
            SELECT gen_random_uuid(), $1, 'bench-v-' || $4 || '-' || i, 'Viewer ' || i, 'VIEWER', 'LEFT', 'PA_be' || $4 || '_' || i,
                   $2, $2 + interval '10 minutes', $2, $2 + interval '10 minutes'
            FROM generate_series(0, $3 - 1) i
            """, stream, start, viewers, run.Tag);

    /// <summary>Twenty viewers come on stage and step down again, each change recorded as the stage records it.</summary>
    private static Task InsertRoleChangesAsync(BenchmarkRun run, Guid stream, DateTime start) =>
        ExecuteAsync(run, """
            INSERT INTO participant_role_changes (livestream_id, participant_id, user_id, at, from_role, to_role)
            SELECT p.livestream_id, p.id, p.user_id, p.connected_at + (n * 60) * interval '1 second',
                   CASE WHEN n = 1 THEN 'VIEWER' ELSE 'HOST' END::participant_role,
                   CASE WHEN n = 1 THEN 'HOST' ELSE 'VIEWER' END::participant_role
            FROM (SELECT * FROM participants WHERE livestream_id = $1 AND role = 'VIEWER' ORDER BY connected_at LIMIT $2) p
            CROSS JOIN generate_series(1, 2) n
            """, stream, RoleChanges / 2);

    private static Task InsertChatAsync(BenchmarkRun run, Guid stream, DateTime start) =>
        ExecuteAsync(run, """
            INSERT INTO chat_messages (livestream_id, user_id, display_name, text, created_at)
            SELECT $1, 'bench-v-' || $4 || '-' || (i % 5000), 'Viewer', 'message ' || i, $2 + (i % 21600) * interval '1 second'
            FROM generate_series(1, $3) i
            """, stream, start, run.Settings.Analytics.ChatMessages, run.Tag);

    private static async Task AddCostsAsync(BenchmarkRun run, Guid ended, long sessions, long sessionBytes, TimeSpan snapshotTime)
    {
        var roleChanges = await run.ScalarAsync("SELECT count(*) FROM participant_role_changes WHERE livestream_id = $1", ended);
        var row = await run.ScalarAsync("SELECT pg_column_size(a.*) FROM stream_analytics a WHERE livestream_id = $1", ended);
        var perSecond = await run.ScalarAsync("SELECT coalesce(pg_column_size(per_second), 0) FROM stream_analytics WHERE livestream_id = $1", ended);
        var perSecondRaw = await run.ScalarAsync("SELECT coalesce(octet_length(per_second), 0) FROM stream_analytics WHERE livestream_id = $1", ended);
        var summary = await run.ScalarAsync("SELECT pg_column_size(summary) FROM stream_analytics WHERE livestream_id = $1", ended);
        run.Report.Add(new Figure(Section, "rows: sessions of the stream", sessions, "",
            Note: $"+ 1 host session, {roleChanges} role changes, 1 snapshot row; nothing per webhook or per second"));
        run.Report.Add(new Figure(Section, "bytes: participants table per 1,000 sessions (with indexes)", sessionBytes / (sessions / 1000.0) / 1024, "KiB",
            Note: $"of which the two analytics columns (connected_at, disconnected_at) 16 B per session = {sessions * 16 / 1024.0 / 1024:0.00} MiB for the stream"));
        run.Report.Add(new Figure(Section, "bytes: the stream's snapshot row (stored, compressed)", row / 1024.0, "KiB",
            Note: $"per-second series {perSecond / 1024.0:N0} KiB stored ({perSecondRaw / 1024.0:N0} KiB raw), summary {summary / 1024.0:N1} KiB"));
        run.Report.Add(new Figure(Section, "snapshot computed and stored (first request of the ended stream)", snapshotTime.TotalMilliseconds, "ms"));
    }

    private static async Task MeasureAsync(BenchmarkRun run, string name, string path, string host, bool noCache, LoadResult bare,
        Target? target)
    {
        var plan = run.Settings.Rest;
        var api = run.Services.ApiEndPoint;
        run.Log($"  analytics: GET {path}{(noCache ? " (no-cache)" : "")}");
        var request = HttpRequests.Get(api, path, noCache, host);
        var key = $"analytics.{name.Split(' ')[0]}{(noCache ? ".nocache" : "")}";
        var (result, cpu) = await run.MeasureCpuSharesAsync(key, () => LoadGenerator.RunAsync(api, plan, _ => request,
            isSuccess: (status, body) => status == 200 && body is not null && body.Contains("\"viewersMax\":[", StringComparison.Ordinal),
            readBodies: true), plan.Warmup);
        if (result.Succeeded == 0 || result.Failures > 0)
        {
            run.Report.Problem($"analytics {name}: {result.Succeeded} succeeded, {result.Failures} failed, e.g. {string.Join(" | ", result.FailureExamples)}");
        }
        run.Report.Add(new Figure(Section, $"{name}, {plan.Connections} connections", result.PerSecond, "/s",
            Baseline: new Baseline(BareGet, bare.PerSecond),
            Note: $"CPU per request: Api {IngestPhase.CpuPerRequest(cpu, "api", result):0} µs, PostgreSQL {IngestPhase.CpuPerRequest(cpu, "postgres", result):0} µs"));
        run.Report.Add(new Figure(Section, $"{name}: latency p50", result.Latency.P50Ms, "ms", Baseline: new Baseline(BareGet, bare.Latency.P50Ms)));
        run.Report.Add(new Figure(Section, $"{name}: latency p99", result.Latency.P99Ms, "ms", target, new Baseline(BareGet, bare.Latency.P99Ms)));
        run.Report.Detail(key, IngestPhase.Describe(result));
    }

    /// <summary>One request at a time, each computing the live stream afresh: what the first viewer of a stream waits.</summary>
    private static async Task ColdComputeAsync(BenchmarkRun run, Guid live, string host)
    {
        var times = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/livestreams/{live}/analytics?resolution=10");
            request.Headers.Authorization = new("Bearer", host);
            request.Headers.CacheControl = new() { NoCache = true };
            var watch = Stopwatch.StartNew();
            using var response = await run.Api.SendAsync(request);
            await EnsureSuccessAsync(response, "A live computation");
            await response.Content.ReadAsByteArrayAsync();
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        run.Report.Add(new Figure(Section, "live stream computed afresh, one request at a time (median of 10)", times[times.Count / 2], "ms",
            Note: $"fastest {times[0]:0.0} ms, slowest {times[^1]:0.0} ms"));
    }

    /// <summary>The floor for an ended stream: PostgreSQL reading its snapshot row, with pgbench at the same clients.</summary>
    private static async Task PgbenchSnapshotReadAsync(BenchmarkRun run, Guid ended, int clients)
    {
        var script = Path.Combine(Path.GetTempPath(), $"favorited-pgbench-analytics-{run.Tag}.sql");
        await File.WriteAllTextAsync(script, $"SELECT summary, per_second, per_minute FROM stream_analytics WHERE livestream_id = '{ended}';\n");
        try
        {
            var seconds = Math.Max(1, (int)run.Settings.Rest.Duration.TotalSeconds);
            var output = await ExternalTool.RunAsync(run.Environment.Pgbench,
            [
                "-h", "127.0.0.1", "-p", run.Environment.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
                "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, "favorited",
            ], TimeSpan.FromSeconds(seconds) + TimeSpan.FromMinutes(1));
            var tps = double.Parse(BaselinePhase.TpsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var latency = BaselinePhase.LatencyLine().Match(output) is { Success: true } match ? $"average latency {match.Groups[1].Value} ms" : null;
            run.Report.Add(new Figure(Baselines, $"pgbench reading the snapshot row, {clients} clients", tps, "/s", Note: latency));
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The floor of a live computation: reading the live stream's sessions alone (median of 10, after one untimed).</summary>
    private static async Task SpansReadAsync(BenchmarkRun run, Guid live)
    {
        var times = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var command = run.Database.CreateCommand("""
                SELECT id, user_id, display_name, role, connected_at, disconnected_at, left_at
                FROM participants WHERE livestream_id = $1 AND connected_at IS NOT NULL
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = live });
            var rows = 0;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows++;
                }
            }
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        run.Report.Add(new Figure(Baselines, "reading the live stream's sessions alone (median of 10)", times[times.Count / 2], "ms"));
    }

    private static async Task<HttpResponseMessage> GetAsync(BenchmarkRun run, string path, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", accessToken);
        return await run.Api.SendAsync(request);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task ExecuteAsync(BenchmarkRun run, string sql, params object[] parameters)
    {
        await using var command = run.Database.CreateCommand(sql);
        command.CommandTimeout = 300;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        await command.ExecuteNonQueryAsync();
    }
}
