using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;
using Favorited.Core.LiveKit;
using Microsoft.Extensions.Options;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// Moderation actions per second, as a host's client sends them: bans (each one LiveKit RemoveParticipant, which answers "not
/// in the room" for these users; one transaction holding the stream's row, which lifts the earlier ban, ends sessions,
/// inserts the ban and the recorded action and reserves a live-state version; then one announcement on Redis), then lifting
/// every one of them. The actions are spread over a few streams of the host's. The baseline is the LiveKit emulator's
/// RemoveParticipant alone, the one LiveKit call a ban makes, with the same generator.
/// </summary>
internal static class ModerationPhase
{
    private const string Section = "5. Moderation";
    private const string Baselines = "Baselines (this machine, same run)";
    private const string RemoveAlone = "emulator RemoveParticipant alone";
    private const int Streams = 10;

    public static async Task RunAsync(BenchmarkRun run)
    {
        var plan = run.Settings.Rest;
        var streams = await run.CreateRoomsAsync(Streams, "moderation");
        var ids = streams.Select(s => s.StreamId).ToArray();
        var rooms = await LiveKitRoomsAsync(run, ids);
        var emulator = run.Services.EmulatorEndPoint;
        var tokens = new AccessTokenIssuer(Options.Create(new LiveKitOptions
        {
            Url = run.Services.Emulator.Url,
            ApiKey = Hosting.ServiceStack.ApiKey,
            ApiSecret = Hosting.ServiceStack.ApiSecret,
        }), TimeProvider.System);
        var removes = rooms.Select(room => HttpRequests.PostJson(emulator, "/twirp/livekit.RoomService/RemoveParticipant",
            $$"""{"room":"{{room}}","identity":"nobody"}""",
            tokens.CreateApiToken(new VideoGrant { RoomAdmin = true, Room = room }))).ToArray();

        run.Log("  baseline: the emulator's RemoveParticipant of someone not in the room");
        var (baseline, _) = await run.MeasureCpuSharesAsync("moderation.baseline", () => LoadGenerator.RunAsync(emulator, plan,
            sequence => removes[sequence % Streams], isSuccess: (status, _) => status == 404), plan.Warmup);
        run.Report.Add(new Figure(Baselines, $"{RemoveAlone}, {plan.Connections} connections", baseline.PerSecond, "/s",
            Note: $"p50 {baseline.Latency.P50Ms:0.00} ms, p99 {baseline.Latency.P99Ms:0.00} ms"));

        var api = run.Services.ApiEndPoint;
        var host = await run.Host.AccessTokenAsync();
        // The first ban and unban compile their queries (seconds on a loaded machine): done once here, not timed.
        await WarmUpAsync(run, ids[0], host);
        // Then bans and unbans run untimed, as chat posts do: the JIT's log (DOTNET_JitStdOutFile) showed ~41,000 methods
        // compiled in a one-minute run, the late ones nearly all tier-up recompilations of the long ban path (ASP.NET Core,
        // EF Core, Npgsql, Polly, OpenTelemetry), so after the REST plan's warm-up alone the figures measured the JIT. The
        // same warm-up user is banned and lifted over and over (a ban lifts the one before); an unban that finds none is fine.
        run.Log($"  moderation: warming up for {plan.Warmup.TotalSeconds * 2:0} s (not counted)");
        var warmUpUser = WarmUpUser(run);
        await LoadGenerator.RunAsync(api, plan with { Warmup = TimeSpan.Zero, Duration = plan.Warmup * 2 }, sequence =>
        {
            var stream = ids[sequence / 2 % Streams];
            return sequence % 2 == 0
                ? HttpRequests.PostJson(api, $"/api/v1/livestreams/{stream}/moderation/bans", $$"""{"userId":"{{warmUpUser}}"}""", host)
                : HttpRequests.Delete(api, $"/api/v1/livestreams/{stream}/moderation/bans/{warmUpUser}", host);
        }, isSuccess: (status, _) => status is >= 200 and < 300 or 404);
        foreach (var stream in ids)
        {
            (await LiftAsync(run, stream, warmUpUser, host)).Dispose();
        }
        run.Log("  ban: POST /api/v1/livestreams/{id}/moderation/bans, a new user each time");
        var (bans, banCpu) = await run.MeasureCpuSharesAsync("moderation.ban", () => LoadGenerator.RunAsync(api, plan,
            sequence => HttpRequests.PostJson(api, $"/api/v1/livestreams/{ids[sequence % Streams]}/moderation/bans",
                $$"""{"userId":"bench-{{run.Tag}}-{{sequence}}","reason":"benchmark"}""", host)), plan.Warmup);
        AddFigures(run, "ban", bans, banCpu, baseline);

        var banned = await BannedAsync(run, ids);
        var actions = await run.ScalarAsync(
            "SELECT count(*) FROM moderation_actions WHERE livestream_id = ANY($1) AND action = 'BAN' AND target_id <> $2", ids, WarmUpUser(run));
        if (banned.Count != actions)
        {
            run.Report.Problem($"Ban: {actions} bans recorded as actions, but {banned.Count} bans hold.");
        }

        run.Log($"  unban: DELETE /api/v1/livestreams/{{id}}/moderation/bans/{{userId}}, each of the {banned.Count:N0} bans once");
        // No warm-up: the bans are used up once each, and every one lifted is counted.
        var (unbans, unbanCpu) = await run.MeasureCpuSharesAsync("moderation.unban", () => LoadGenerator.RunAsync(api, plan with { Warmup = TimeSpan.Zero },
            sequence => sequence < banned.Count
                ? HttpRequests.Delete(api, $"/api/v1/livestreams/{banned[(int)sequence].Stream}/moderation/bans/{banned[(int)sequence].User}", host)
                : null), plan.Warmup);
        AddFigures(run, "unban", unbans, unbanCpu, baseline);
        var left = (await BannedAsync(run, ids)).Count;
        if (left != banned.Count - unbans.Succeeded)
        {
            run.Report.Problem($"Unban: {unbans.Succeeded} of {banned.Count} bans lifted, but {left} still hold.");
        }
        if (unbans.Succeeded + unbans.Failures >= banned.Count)
        {
            run.Report.Note($"unban lifted all {banned.Count:N0} bans the ban measurement made before its time was up, so it was " +
                $"measured over {unbans.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private static string WarmUpUser(BenchmarkRun run) => $"bench-{run.Tag}-warm-up";

    private static async Task WarmUpAsync(BenchmarkRun run, Guid stream, string accessToken)
    {
        var user = WarmUpUser(run);
        using var ban = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/livestreams/{stream}/moderation/bans")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { userId = user }),
        };
        ban.Headers.Authorization = new("Bearer", accessToken);
        using var banned = await run.Api.SendAsync(ban);
        using var lifted = await LiftAsync(run, stream, user, accessToken);
        if (!banned.IsSuccessStatusCode || !lifted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Warming up: ban answered {(int)banned.StatusCode}, unban {(int)lifted.StatusCode}: " +
                await banned.Content.ReadAsStringAsync());
        }
    }

    private static async Task<HttpResponseMessage> LiftAsync(BenchmarkRun run, Guid stream, string user, string accessToken)
    {
        using var unban = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{stream}/moderation/bans/{user}");
        unban.Headers.Authorization = new("Bearer", accessToken);
        return await run.Api.SendAsync(unban);
    }

    /// <summary>Each stream's LiveKit room, in the order of the ids.</summary>
    private static async Task<string[]> LiveKitRoomsAsync(BenchmarkRun run, Guid[] ids)
    {
        await using var command = run.Database.CreateCommand(
            "SELECT id, COALESCE(livekit_room_name, room_name) FROM livestreams WHERE id = ANY($1)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ids });
        var rooms = new Dictionary<Guid, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rooms[reader.GetGuid(0)] = reader.GetString(1);
        }
        return [.. ids.Select(id => rooms[id])];
    }

    private static async Task<List<(Guid Stream, string User)>> BannedAsync(BenchmarkRun run, Guid[] streams)
    {
        await using var command = run.Database.CreateCommand(
            "SELECT livestream_id, user_id FROM stream_bans WHERE livestream_id = ANY($1) AND lifted_at IS NULL ORDER BY created_at");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = streams });
        var banned = new List<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            banned.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        return banned;
    }

    private static void AddFigures(BenchmarkRun run, string name, LoadResult result, IReadOnlyDictionary<string, double> cpu,
        LoadResult baseline)
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
        run.Report.Add(new Figure(Section, $"{name}, {connections} connections", result.PerSecond, "/s",
            Baseline: new Baseline(RemoveAlone, baseline.PerSecond),
            Note: $"CPU per action: Api {IngestPhase.CpuPerRequest(cpu, "api", result):0} µs, " +
            $"PostgreSQL {IngestPhase.CpuPerRequest(cpu, "postgres", result):0} µs, Redis {IngestPhase.CpuPerRequest(cpu, "redis", result):0} µs"));
        run.Report.Add(new Figure(Section, $"{name}: latency p50", result.Latency.P50Ms, "ms",
            Baseline: new Baseline(RemoveAlone, baseline.Latency.P50Ms)));
        run.Report.Add(new Figure(Section, $"{name}: latency p99", result.Latency.P99Ms, "ms",
            Baseline: new Baseline(RemoveAlone, baseline.Latency.P99Ms)));
        run.Report.Detail($"moderation.{name}", IngestPhase.Describe(result));
    }
}
