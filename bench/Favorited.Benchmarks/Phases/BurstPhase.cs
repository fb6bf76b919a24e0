using System.Diagnostics;
using Favorited.Benchmarks.Hosting;
using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Npgsql;
using StackExchange.Redis;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// End-to-end processing: a burst of participant_joined and participant_left webhooks into fresh rooms, timed from the
/// first send until the worker has applied every one and Postgres and live state are both exact. In each room two thirds
/// of the events are viewers joining and one third the earliest of them leaving, so every count has one right answer.
/// Many rooms is the usual case; one hot room is the hard one (a room's events are applied in order, one lane).
/// </summary>
internal static class BurstPhase
{
    private const string Section = "2. End-to-end processing (webhook → worker → Postgres + live state)";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(BenchmarkRun run)
    {
        await WarmUpAsync(run);
        for (var index = 0; index < run.Settings.Bursts.Count; index++)
        {
            await RunBurstAsync(run, run.Settings.Bursts[index], $"b{index}");
        }
    }

    /// <summary>
    /// A freshly started worker keeps re-compiling its hot code (tiered JIT with dynamic PGO) for a minute or more under
    /// load, which costs it up to half a core on 2 cores. Warm-up bursts run until the worker's CPU per webhook stops
    /// falling, so that the measured bursts see it as it runs for days.
    /// </summary>
    private static async Task WarmUpAsync(BenchmarkRun run)
    {
        const int maxRounds = 8;
        var previous = double.MaxValue;
        for (var round = 0; round < maxRounds; round++)
        {
            var worker = run.Services.Worker!.Pid;
            var before = ProcessMetrics.CpuSeconds(worker);
            await RunBurstAsync(run, run.Settings.BurstWarmup, $"warmup{round}", measured: false);
            var perWebhook = (ProcessMetrics.CpuSeconds(worker) - before) * 1e6 / run.Settings.BurstWarmup.Events;
            Console.WriteLine($"    warm-up round {round + 1}: the worker used {perWebhook:0} µs of CPU per webhook");
            if (perWebhook > previous * 0.9)
            {
                return;
            }
            previous = perWebhook;
        }
    }

    private static async Task RunBurstAsync(BenchmarkRun run, BurstCase burst, string name, bool measured = true)
    {
        run.Log($"  {burst.Name}: creating {burst.Rooms} livestreams");
        var rooms = await run.CreateRoomsAsync(burst.Rooms, name);
        var plan = Plan(run, burst, rooms, name);
        var redis = run.Redis.GetDatabase();
        var deadLettersBefore = await redis.StreamLengthAsync(RedisKeys.WebhookDeadLetters);

        run.Log($"  {burst.Name}: sending{(measured ? "" : " (warm-up, not measured)")}");
        var (sending, doneAt, started) = await run.MeasureCpuAsync($"burst.{name}", async () =>
        {
            var started = Stopwatch.GetTimestamp();
            var deadline = started + (long)(run.Settings.BurstDeadline.TotalSeconds * Stopwatch.Frequency);
            var sending = LoadGenerator.RunAsync(run.Services.ApiEndPoint,
                new LoadPlan(run.Settings.BurstConnections, TimeSpan.Zero, run.Settings.BurstDeadline),
                sequence => sequence < plan.Requests.Length ? plan.Requests[sequence] : null, readBodies: true);
            long? doneAt = null;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(PollInterval);
                if (sending.IsCompleted && await IsDrainedAsync(redis))
                {
                    doneAt = Stopwatch.GetTimestamp();
                    break;
                }
            }
            return (await sending, doneAt, started);
        });

        if (sending.Failures > 0)
        {
            run.Report.Problem($"{burst.Name}: {sending.Failures} webhooks were not accepted, e.g. {string.Join(" | ", sending.FailureExamples)}");
        }
        var mismatches = await VerifyAsync(run, plan, name, deadLettersBefore);
        if (doneAt is null)
        {
            // Not done in time: slow, or stuck. In the smoke run (a few hundred events) that can only be broken.
            var applied = await run.ScalarAsync("SELECT count(*) FROM webhook_events WHERE id LIKE $1", $"EV_{run.Tag}{name}\\_%");
            var message = $"{burst.Name}: not done within {run.Settings.BurstDeadline.TotalSeconds:0} s ({applied:N0} of {plan.Requests.Length:N0} applied)";
            if (run.Environment.Smoke)
            {
                run.Report.Problem(message);
            }
            AddFigure(run, burst, double.NaN, sending, message, measured);
            // What is left would slow every later measurement down: the worker starts again on an empty stream.
            run.Services.StopWorker();
            await redis.KeyDeleteAsync(RedisKeys.WebhookStream);
            await run.Services.StartWorkerAsync();
            return;
        }
        if (mismatches.Count > 0)
        {
            run.Report.Problem($"{burst.Name}: the worker finished but the counts are wrong: {string.Join("; ", mismatches.Take(5))}");
            AddFigure(run, burst, double.NaN, sending, "wrong counts", measured);
            return;
        }
        var seconds = Stopwatch.GetElapsedTime(started, doneAt.Value).TotalSeconds;
        AddFigure(run, burst, seconds, sending,
            $"sent in {sending.Elapsed.TotalSeconds:0.00} s ({sending.PerSecond:N0}/s), applied at {plan.Requests.Length / seconds:N0}/s, every count exact",
            measured);
        run.Report.Detail($"burst.{name}", new
        {
            burst.Events, burst.Rooms, seconds, sendSeconds = sending.Elapsed.TotalSeconds, sendLatency = sending.Latency,
        });
    }

    private static void AddFigure(BenchmarkRun run, BurstCase burst, double seconds, LoadResult sending, string note, bool measured)
    {
        if (!measured)
        {
            Console.WriteLine($"    warm-up: {(double.IsNaN(seconds) ? note : $"{seconds:0.00} s, {note}")}");
            return;
        }
        Target? target = burst.Events switch
        {
            5_000 => new Target(Goal.AtMost, 1.5),
            50_000 => new Target(Goal.AtMost, 15),
            _ => null,
        };
        var pgbench = run.Baselines.GetValueOrDefault(BaselinePhase.Pgbench, double.NaN);
        run.Report.Add(new Figure(Section, $"{burst.Name}: seconds until exact", seconds, "s", target,
            new Baseline("pgbench, as many 1-row txns", burst.Events / pgbench), note));
    }

    /// <summary>What to send, in order, and the counts that must come out of it.</summary>
    private sealed record BurstPlan(byte[][] Requests, IReadOnlyList<(RoomRef Room, int Joined, int Left)> Rooms);

    private static BurstPlan Plan(BenchmarkRun run, BurstCase burst, IReadOnlyList<RoomRef> rooms, string name)
    {
        var expected = rooms.Select((room, i) =>
        {
            var events = burst.Events / rooms.Count + (i < burst.Events % rooms.Count ? 1 : 0);
            var joined = (events * 2 + 2) / 3;
            return (Room: room, Joined: joined, Left: events - joined);
        }).ToList();

        // Every room's joins first (rooms taking turns, as concurrent rooms do), then the leaves of its earliest viewers.
        var sequence = 0;
        var requests = new List<byte[]>(burst.Events);
        string Sid(int room, int viewer) => $"PA_{run.Tag}{name}r{room}v{viewer}";
        for (var viewer = 0; viewer < expected.Max(e => e.Joined); viewer++)
        {
            for (var room = 0; room < expected.Count; room++)
            {
                if (viewer < expected[room].Joined)
                {
                    requests.Add(run.Webhooks.ParticipantEvent("participant_joined", $"EV_{run.Tag}{name}_{sequence++}",
                        expected[room].Room, $"viewer-{viewer}", Sid(room, viewer)));
                }
            }
        }
        for (var viewer = 0; viewer < expected.Max(e => e.Left); viewer++)
        {
            for (var room = 0; room < expected.Count; room++)
            {
                if (viewer < expected[room].Left)
                {
                    requests.Add(run.Webhooks.ParticipantEvent("participant_left", $"EV_{run.Tag}{name}_{sequence++}",
                        expected[room].Room, $"viewer-{viewer}", Sid(room, viewer)));
                }
            }
        }
        return new BurstPlan([.. requests], expected);
    }

    /// <summary>The worker has acknowledged everything on the stream: nothing pending, nothing undelivered.</summary>
    private static async Task<bool> IsDrainedAsync(IDatabase redis)
    {
        var stream = await redis.StreamInfoAsync(RedisKeys.WebhookStream);
        var groups = await redis.StreamGroupInfoAsync(RedisKeys.WebhookStream);
        return groups.Length > 0 && groups.All(g => g.PendingMessageCount == 0 && g.LastDeliveredId == stream.LastGeneratedId);
    }

    /// <returns>Every count that is not what the burst must produce; empty when all are exact.</returns>
    private static async Task<List<string>> VerifyAsync(BenchmarkRun run, BurstPlan plan, string name, long deadLettersBefore)
    {
        var mismatches = new List<string>();
        var applied = await run.ScalarAsync("SELECT count(*) FROM webhook_events WHERE id LIKE $1", $"EV_{run.Tag}{name}\\_%");
        if (applied != plan.Requests.Length)
        {
            mismatches.Add($"webhook_events has {applied} of the burst's {plan.Requests.Length} ids");
        }
        var deadLetters = await run.Redis.GetDatabase().StreamLengthAsync(RedisKeys.WebhookDeadLetters) - deadLettersBefore;
        if (deadLetters > 0)
        {
            mismatches.Add($"{deadLetters} webhooks were dead-lettered");
        }

        var sessions = new Dictionary<(Guid, string), long>();
        await using (var command = run.Database.CreateCommand(
            "SELECT livestream_id, status::text, count(*) FROM participants WHERE livestream_id = ANY($1) GROUP BY 1, 2"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = plan.Rooms.Select(r => r.Room.StreamId).ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sessions[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }
        var states = new (int ViewerCount, int TotalViewers)[plan.Rooms.Count];
        await Parallel.ForAsync(0, plan.Rooms.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => states[i] = await run.StateAsync(plan.Rooms[i].Room.StreamId));

        for (var i = 0; i < plan.Rooms.Count; i++)
        {
            var (room, joined, left) = plan.Rooms[i];
            var stillJoined = sessions.GetValueOrDefault((room.StreamId, "JOINED"));
            var hasLeft = sessions.GetValueOrDefault((room.StreamId, "LEFT"));
            if (stillJoined != joined - left || hasLeft != left)
            {
                mismatches.Add($"{room.Name}: Postgres has {stillJoined} JOINED and {hasLeft} LEFT, expected {joined - left} and {left}");
            }
            if (states[i] != (joined - left, joined))
            {
                mismatches.Add($"{room.Name}: live state says {states[i].ViewerCount} viewers ({states[i].TotalViewers} in total), " +
                    $"expected {joined - left} ({joined})");
            }
        }
        return mismatches;
    }
}
