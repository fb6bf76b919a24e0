using System.Diagnostics;
using System.Globalization;
using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// Chat (issue 20). Posts accepted and stored: guests, each with a JOINED session, POST messages with their bearer tokens at
/// a fixed number of connections, to one stream (every author in it) and spread over many; afterwards PostgreSQL must hold
/// exactly as many messages as were answered 201. Baseline: pgbench inserting the same row into <c>chat_messages</c> with as
/// many clients, durable commits as the Api's. Fan-out: subscribers of one stream's <c>/events</c>, each round one message
/// posted; from sending the POST to each subscriber reading its <c>chat_message</c> (the insert and commit, the announcement
/// script, pub/sub, the hub), every subscriber must read every message. Baseline: the bare endpoint's event streams at the
/// same level (a frame of a <c>viewer_count_update</c>'s size written to all), as in part 3.
/// </summary>
internal static class ChatPhase
{
    private const string Section = "5. Chat";
    private const string Baselines = "Baselines (this machine, same run)";
    private const string PgbenchName = "pgbench chat_messages INSERT";
    private const int Streams = 20;

    public static async Task RunAsync(BenchmarkRun run)
    {
        var pgbench = await PgbenchAsync(run);
        await PostsAsync(run, pgbench);
        await FanOutAsync(run);
    }

    /// <summary>Many authors posting to one stream, then the same authors each posting to one of <see cref="Streams"/> streams.</summary>
    private static async Task PostsAsync(BenchmarkRun run, double pgbench)
    {
        var plan = run.Settings.Chat;
        var api = run.Services.ApiEndPoint;
        var hot = (await run.CreateRoomsAsync(1, "chat-hot"))[0].StreamId;
        var spread = (await run.CreateRoomsAsync(Streams, "chat")).Select(r => r.StreamId).ToArray();
        var authors = run.Settings.ChatAuthors;
        run.Log($"  chat: starting {authors:N0} guest identities, each joining the hot stream and one of {Streams} others (set-up, not timed)");
        var guests = await Guests.IssueAsync(api, authors, plan.Connections);
        await JoinAllAsync(run, guests, i => hot);
        await JoinAllAsync(run, guests, i => spread[i % Streams]);
        // Dotnet-counters showed the JIT still compiling ~500 methods per 2 s (most of the Api's CPU) 15 s into the first
        // measurement on a busy machine, and nothing in the second: the whole posting path (ASP.NET Core, Npgsql, the Redis
        // script) tiers up slowly while other processes hold the cores. So the posts run untimed first, beyond each figure's warm-up.
        run.Log($"  chat: warming up for {plan.Warmup.TotalSeconds * 2:0} s (not counted)");
        await LoadGenerator.RunAsync(api, plan with { Warmup = TimeSpan.Zero, Duration = plan.Warmup * 2 }, sequence =>
        {
            var author = (int)(sequence % authors);
            return HttpRequests.PostJson(api, $"/api/v1/livestreams/{spread[author % Streams]}/chat",
                $$"""{"text":"Warm-up message {{sequence}}"}""", guests[author]);
        });

        foreach (var (name, streamOf) in new (string, Func<int, Guid>)[]
        {
            ($"posts to one stream, {authors:N0} authors", _ => hot),
            ($"posts over {Streams} streams, {authors:N0} authors", author => spread[author % Streams]),
        })
        {
            var streams = Enumerable.Range(0, authors).Select(streamOf).Distinct().ToArray();
            var before = await run.ScalarAsync("SELECT count(*) FROM chat_messages WHERE livestream_id = ANY($1)", streams);
            run.Log($"  chat: {name}: POST /api/v1/livestreams/{{id}}/chat with a guest's bearer token");
            var (posting, cpu) = await run.MeasureCpuSharesAsync($"chat.{(streams.Length == 1 ? "one" : "spread")}", () =>
                LoadGenerator.RunAsync(api, plan, sequence =>
                {
                    var author = (int)(sequence % authors);
                    return HttpRequests.PostJson(api, $"/api/v1/livestreams/{streamOf(author)}/chat",
                        $$"""{"text":"Message {{sequence}} from the audience"}""", guests[author]);
                }, isSuccess: (status, body) => status == 201 && body is not null && body.Contains("\"id\":", StringComparison.Ordinal),
                    readBodies: true), plan.Warmup);
            var stored = await run.ScalarAsync("SELECT count(*) FROM chat_messages WHERE livestream_id = ANY($1)", streams) - before;
            if (stored != posting.Succeeded)
            {
                run.Report.Problem($"Chat ({name}): {posting.Succeeded} posts answered 201 but PostgreSQL holds {stored} new messages");
            }
            if (posting.Succeeded == 0 || posting.Failures > 0)
            {
                run.Report.Problem($"Chat ({name}): {posting.Succeeded} posts succeeded, {posting.Failures} failed, e.g. " +
                    string.Join(" | ", posting.FailureExamples));
            }
            run.Report.Add(new Figure(Section, $"{name}, {plan.Connections} connections", posting.PerSecond, "/s",
                new Target(Goal.AtLeast, 2_000), new Baseline(PgbenchName, pgbench),
                $"every one stored; CPU per post: Api {IngestPhase.CpuPerRequest(cpu, "api", posting):0} µs, " +
                $"PostgreSQL {IngestPhase.CpuPerRequest(cpu, "postgres", posting):0} µs, Redis {IngestPhase.CpuPerRequest(cpu, "redis", posting):0} µs"));
            run.Report.Add(new Figure(Section, $"{name}: latency p50", posting.Latency.P50Ms, "ms"));
            run.Report.Add(new Figure(Section, $"{name}: latency p99", posting.Latency.P99Ms, "ms"));
            run.Report.Detail($"chat.{name}", IngestPhase.Describe(posting));
        }
    }

    private static async Task JoinAllAsync(BenchmarkRun run, string[] guests, Func<int, Guid> streamOf)
    {
        var api = run.Services.ApiEndPoint;
        var joined = await LoadGenerator.RunAsync(api, new LoadPlan(run.Settings.Chat.Connections, TimeSpan.Zero, TimeSpan.FromMinutes(5)),
            sequence => sequence < guests.Length
                ? HttpRequests.PostJson(api, $"/api/v1/livestreams/{streamOf((int)sequence)}/join", """{"role":"VIEWER"}""", guests[sequence])
                : null);
        if (joined.Succeeded != guests.Length)
        {
            throw new InvalidOperationException($"{joined.Succeeded} of {guests.Length} authors joined, e.g. {string.Join(" | ", joined.FailureExamples)}");
        }
    }

    /// <summary>
    /// What PostgreSQL does alone: one <c>chat_messages</c> row per transaction (the Api's insert, durable commit), with as many
    /// clients as the posts have connections, into a stream of its own.
    /// </summary>
    private static async Task<double> PgbenchAsync(BenchmarkRun run)
    {
        var plan = run.Settings.Chat;
        var stream = (await run.CreateRoomsAsync(1, "chat-pgbench"))[0].StreamId;
        var script = Path.Combine(Path.GetTempPath(), $"favorited-pgbench-chat-{run.Tag}.sql");
        await File.WriteAllTextAsync(script, $$"""
            \set n random(1, 1000000000)
            INSERT INTO chat_messages (livestream_id, user_id, display_name, text, created_at) VALUES ('{{stream}}', 'guest-' || :n, 'Viewer ' || :n, 'Message ' || :n || ' from the audience', now()) RETURNING id;
            """);
        try
        {
            var duration = Math.Max(1, (int)plan.Duration.TotalSeconds);
            var output = await run.MeasureCpuAsync("chat.pgbench", () => ExternalTool.RunAsync(run.Environment.Pgbench,
            [
                "-h", "127.0.0.1", "-p", run.Environment.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                "-n", "-M", "prepared", "-c", plan.Connections.ToString(CultureInfo.InvariantCulture), "-j", "2",
                "-T", duration.ToString(CultureInfo.InvariantCulture), "-f", script, "favorited",
            ], TimeSpan.FromSeconds(duration) + TimeSpan.FromMinutes(1)));
            var tps = double.Parse(BaselinePhase.TpsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var latency = BaselinePhase.LatencyLine().Match(output) is { Success: true } match ? $"average latency {match.Groups[1].Value} ms" : null;
            run.Report.Add(new Figure(Baselines, $"{PgbenchName} transactions, {plan.Connections} clients", tps, "/s", Note: latency));
            return tps;
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>One stream, <see cref="BenchmarkSettings.ChatFanOut"/> subscribers, one message per round from a joined guest.</summary>
    private static async Task FanOutAsync(BenchmarkRun run)
    {
        var level = SsePhase.CapToOpenFileLimit(run, [run.Settings.ChatFanOut])[0];
        var sources = SsePhase.UsableSourceAddresses();
        var api = run.Services.ApiEndPoint;

        var bare = (await SsePhase.SweepAsync(run, SsePhase.BareTarget(run), [level], sources)).GetValueOrDefault(level);

        var stream = (await run.CreateRoomsAsync(1, "chat-fanout"))[0].StreamId;
        var author = (await Guests.IssueAsync(api, 1, 1))[0];
        await JoinAllAsync(run, [author], _ => stream);
        var posted = 0;
        var target = new SsePhase.SseTarget("Api chat", "chat.sse", run.Services.Api.Pid, api, $"/api/v1/livestreams/{stream}/events",
            async round =>
            {
                var post = HttpRequests.PostJson(api, $"/api/v1/livestreams/{stream}/chat",
                    $$"""{"text":"Round {{posted++}}: hello, everyone"}""", author);
                using var connection = await HttpConnection.OpenAsync(api, CancellationToken.None);
                round.SentAt = Stopwatch.GetTimestamp();
                var (status, body) = await connection.SendAsync(post, readBody: true, CancellationToken.None);
                if (status != 201)
                {
                    throw new InvalidOperationException($"The chat post answered {status}: {body}");
                }
            }, EventType: "chat_message");
        var delivered = (await SsePhase.SweepAsync(run, target, [level], sources))[level];

        var name = $"fan-out to {level:N0} subscribers of one stream";
        Baseline? Floor(Func<SsePhase.LevelResult, double> value) => bare is null ? null : new Baseline("bare SSE", value(bare));
        run.Report.Add(new Figure(Section, $"{name}: post → chat_message read, p50", delivered.Delivery.P50Ms, "ms",
            Baseline: Floor(r => r.Delivery.P50Ms)));
        run.Report.Add(new Figure(Section, $"{name}: post → chat_message read, p99", delivered.Delivery.P99Ms, "ms",
            new Target(Goal.AtMost, 250), Floor(r => r.Delivery.P99Ms)));
        run.Report.Add(new Figure(Section, $"{name}: post → chat_message read, max", delivered.Delivery.MaxMs, "ms",
            Note: $"{delivered.Delivery.Count:N0} deliveries over {run.Settings.SseRounds} messages, every subscriber read every one" +
                (bare is null ? "" : $"; bare SSE p99 {Figure.Format(bare.Delivery.P99Ms, "ms")} at {bare.Held:N0}")));
    }
}
