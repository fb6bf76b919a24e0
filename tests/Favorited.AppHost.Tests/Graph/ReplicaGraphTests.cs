using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Favorited.Testing;
using Npgsql;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// Two Api and two worker replicas under a burst of LiveKit webhooks (every one through both Api replicas), with one worker
/// replica killed (SIGKILL) in the middle and started again: every count ends exact, every event stream on both Api replicas
/// gets every event, and nothing is applied twice.
/// </summary>
[Collection(nameof(ReplicaGraph))]
public sealed class ReplicaGraphTests(ReplicaGraph graph)
{
    private const int Rooms = 30;
    private const int ViewersPerRoom = 6;
    private const int Rounds = 10;
    // Viewers with an even number stay connected after their last round.
    private const int FinalViewers = ViewersPerRoom / 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private sealed record Room(string Id, string LiveKitRoom, List<string> Tokens);

    [Fact]
    public async Task ABurstThroughBothApiReplicasWithAWorkerKilledEndsExactOnEveryReplica()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = graph.App;
        using var api = app.CreateHttpClient("api");
        using var liveKit = app.CreateHttpClient("livekit");
        var replicas = graph.ApiReplicas.Select(address => new HttpClient { BaseAddress = address, Timeout = Patience }).ToList();
        try
        {
            var host = await GraphApi.SignUpAsync(api, ct);
            var rooms = await Task.WhenAll(Enumerable.Range(0, Rooms).Select(i => CreateRoomAsync(api, host, i, ct)));

            // Every stream's event stream and the list's, on each Api replica at its own address.
            var feeds = new List<(int Replica, Room Room, SseConnection Feed, long StateId)>();
            var lists = new List<SseConnection>();
            foreach (var (client, replica) in replicas.Select((client, i) => (client, i)))
            {
                lists.Add(await SseConnection.OpenAsync(client, "/api/v1/livestreams/events"));
                foreach (var room in rooms)
                {
                    var feed = await SseConnection.OpenAsync(client, $"/api/v1/livestreams/{room.Id}/events");
                    var state = await feed.NextAsync(Patience);
                    Assert.Equal("state", state.Type);
                    feeds.Add((replica, room, feed, state.NumericId));
                }
            }
            var workers = await ReplicaSnapshots.RunningAsync(app, "webhookworker", ReplicaGraph.Replicas, ct);
            var relayedBefore = graph.Relay.Received;

            var clock = Stopwatch.StartNew();
            var sent = 0;
            var killAt = Rooms * ViewersPerRoom * Rounds * 2 / 3; // two thirds of the way
            var killed = new TaskCompletionSource<(string ResourceId, int Pid)>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Sent()
            {
                if (Interlocked.Increment(ref sent) == killAt)
                {
                    killed.SetResult(Kill(workers[0]));
                }
            }
            await Task.WhenAll(rooms.Select(async room =>
            {
                for (var round = 0; round < Rounds; round++)
                {
                    for (var viewer = 0; viewer < ViewersPerRoom; viewer++)
                    {
                        using var connected = await liveKit.PostAsJsonAsync("/_emulator/connect", new { token = room.Tokens[viewer] }, ct);
                        Assert.True(connected.IsSuccessStatusCode, await connected.Content.ReadAsStringAsync(ct));
                        var identity = (await connected.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("identity").GetString()!;
                        Sent();
                        if (round < Rounds - 1 || viewer % 2 == 1)
                        {
                            using var left = await liveKit.PostAsJsonAsync("/_emulator/disconnect", new { room = room.LiveKitRoom, identity }, ct);
                            Assert.True(left.IsSuccessStatusCode, await left.Content.ReadAsStringAsync(ct));
                            Sent();
                        }
                    }
                }
            }));
            var burst = clock.Elapsed;

            // DCP has no restart policy for an executable: a killed replica stays stopped, and the test starts it again as an
            // operator would from the dashboard, with the replica's start command.
            var (killedId, killedPid) = await killed.Task;
            var stoppedAs = await ReplicaSnapshots.StoppedAsync(app, killedId, ct);
            var started = await app.ResourceCommands.ExecuteCommandAsync(killedId, KnownResourceCommands.StartCommand, ct);
            Assert.True(started.Success, $"start {killedId}: {started.Message}");
            await ReplicaSnapshots.RunningAsync(app, "webhookworker", ReplicaGraph.Replicas, ct, except: $"{killedPid}");

            // Every webhook the emulator sent is applied: the killed replica's pending entries too, claimed by a live one. (The
            // restarted replica's reconciliation may set the counts right before that, from LiveKit.)
            var webhookIds = await SentWebhookIdsAsync(liveKit, rooms, ct);
            Assert.True(webhookIds.Length >= 3000, $"only {webhookIds.Length} webhooks");
            await using var db = new NpgsqlConnection(await app.GetConnectionStringAsync("favorited", ct));
            await db.OpenAsync(ct);
            await Eventually.MatchesAsync(() => RecordedAsync(db, webhookIds, ct), recorded => recorded == webhookIds.Length, Patience,
                "every webhook recorded in webhook_events", ct);
            var applied = clock.Elapsed;

            // Then every count is exact, in live state (through either replica) and in PostgreSQL.
            foreach (var room in rooms)
            {
                foreach (var client in replicas)
                {
                    await Eventually.MatchesAsync(() => ViewerCountAsync(client, room.Id, ct), count => count == FinalViewers, Patience,
                        $"{room.Id}'s viewer count", ct);
                }
            }
            await AssertSessionsAsync(db, rooms, ct);

            // Every subscriber on both replicas gets the final count (a held-back one as its trailing update)...
            var beforeEnd = await Task.WhenAll(feeds.Select(async f =>
            {
                var seen = new List<SseEvent>();
                await Eventually.MatchesAsync(async () =>
                {
                    while (f.Feed.HasPendingEvent)
                    {
                        seen.Add(await f.Feed.NextAsync(Patience));
                    }
                    return seen.LastOrDefault(e => e.Type == "viewer_count_update")?.Json.GetProperty("viewerCount").GetInt32() ?? -1;
                }, count => count == FinalViewers, Patience, $"the last count on replica {f.Replica}'s feed of {f.Room.Id}", ct);
                return seen;
            }));

            // ...then every stream ends (the room's deletion may first report its last viewers leaving).
            foreach (var room in rooms)
            {
                using var ended = await GraphApi.SendAsync(api, HttpMethod.Delete, $"/api/v1/livestreams/{room.Id}", host, body: null, ct);
                Assert.True(ended.IsSuccessStatusCode, await ended.Content.ReadAsStringAsync(ct));
            }

            // Each subscriber on either replica got every event after the state it started from, ids one after another,
            // up to the same room_ended.
            var received = (await Task.WhenAll(feeds.Select(async (f, i) =>
                    (f.Replica, f.Room, f.StateId, Events: (IReadOnlyList<SseEvent>)[.. beforeEnd[i], .. await f.Feed.WaitForEndAsync(Patience)]))))
                .ToList();
            foreach (var room in rooms)
            {
                var perReplica = received.Where(r => r.Room == room).ToList();
                var endedId = perReplica[0].Events[^1].NumericId;
                foreach (var (_, _, stateId, events) in perReplica)
                {
                    Assert.Equal(Enumerable.Range((int)stateId + 1, (int)(endedId - stateId)).Select(id => (long)id), events.Select(e => e.NumericId));
                    Assert.Equal("room_ended", events[^1].Type);
                }
            }
            var listEvents = new List<int>();
            foreach (var list in lists)
            {
                var ended = new HashSet<string>();
                var count = 0;
                while (ended.Count < Rooms)
                {
                    var e = await list.NextAsync(Patience);
                    count++;
                    var streamId = e.Json.GetProperty("streamId").GetString()!;
                    if (e.Type == "room_ended" && rooms.Any(r => r.Id == streamId))
                    {
                        ended.Add(streamId);
                    }
                }
                listEvents.Add(count);
            }

            var relayed = graph.Relay.Received - relayedBefore;
            var output = TestContext.Current.TestOutputHelper;
            output?.WriteLine($"{webhookIds.Length} participant webhooks over {Rooms} rooms ({relayed} deliveries), each relayed to both Api replicas " +
                $"(successes per replica: {string.Join(", ", graph.Relay.Forwarded)}); burst sent in {burst.TotalSeconds:0.0} s, " +
                $"every webhook applied after {applied.TotalSeconds:0.0} s");
            foreach (var replica in Enumerable.Range(0, replicas.Count))
            {
                output?.WriteLine($"Api replica {replica} ({graph.ApiReplicas[replica]}): " +
                    $"{received.Where(r => r.Replica == replica).Sum(r => r.Events.Count)} events on {Rooms} stream feeds, " +
                    $"{listEvents[replica]} on the list feed");
            }
            output?.WriteLine($"worker replica {killedId} (pid {killedPid}) killed after {killAt} emulator calls, reported {stoppedAs}, " +
                "started again with the start command");
            foreach (var feed in feeds)
            {
                await feed.Feed.DisposeAsync();
            }
            foreach (var list in lists)
            {
                await list.DisposeAsync();
            }
        }
        finally
        {
            replicas.ForEach(client => client.Dispose());
        }
    }

    private static (string ResourceId, int Pid) Kill(ResourceEvent worker)
    {
        var pid = ReplicaSnapshots.Pid(worker) ?? throw new InvalidOperationException($"{worker.ResourceId} has no process id.");
        Process.GetProcessById(pid).Kill(); // SIGKILL
        return (worker.ResourceId, pid);
    }

    private static async Task<Room> CreateRoomAsync(HttpClient api, string host, int index, CancellationToken ct)
    {
        var roomName = $"replica-{index}-{Guid.NewGuid():N}"[..24];
        var id = await GraphApi.CreateLivestreamAsync(api, host, ct, roomName);
        var tokens = new List<string>();
        for (var viewer = 0; viewer < ViewersPerRoom; viewer++)
        {
            tokens.Add(await GraphApi.JoinAsGuestAsync(api, id, $"Viewer {index}-{viewer}", ct));
        }
        return new Room(id, LiveKitRoomOf(tokens[0]), tokens);
    }

    /// <summary>The LiveKit room a join token names (its <c>video.room</c> claim).</summary>
    private static string LiveKitRoomOf(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='));
        return JsonDocument.Parse(json).RootElement.GetProperty("video").GetProperty("room").GetString()!;
    }

    private static async Task<int> ViewerCountAsync(HttpClient client, string id, CancellationToken ct)
    {
        using var response = await client.GetAsync($"/api/v1/livestreams/{id}/state", ct);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("viewerCount").GetInt32()
            : -1;
    }

    /// <summary>Each stream has exactly its final viewers JOINED, nobody twice; no LiveKit connection (sid) has two sessions.</summary>
    private static async Task AssertSessionsAsync(NpgsqlConnection db, Room[] rooms, CancellationToken ct)
    {
        var ids = rooms.Select(r => Guid.Parse(r.Id)).ToArray();
        await using (var sessions = new NpgsqlCommand("""
            SELECT livestream_id, user_id, count(*) FILTER (WHERE status = 'JOINED'), count(*), count(DISTINCT livekit_participant_sid)
            FROM participants WHERE livestream_id = ANY($1) AND role = 'VIEWER' GROUP BY livestream_id, user_id
            """, db) { Parameters = { new() { Value = ids } } })
        await using (var reader = await sessions.ExecuteReaderAsync(ct))
        {
            var joined = new Dictionary<Guid, long>();
            while (await reader.ReadAsync(ct))
            {
                var (stream, user, joinedNow, rows, sids) = (reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
                Assert.True(joinedNow <= 1, $"{user} has {joinedNow} JOINED sessions in {stream}");
                Assert.True(rows == sids, $"{user} in {stream}: {rows} sessions for {sids} LiveKit connections");
                joined[stream] = joined.GetValueOrDefault(stream) + joinedNow;
            }
            Assert.All(ids, id => Assert.Equal(FinalViewers, joined.GetValueOrDefault(id)));
        }

    }

    private static async Task<long> RecordedAsync(NpgsqlConnection db, string[] webhookIds, CancellationToken ct)
    {
        await using var recorded = new NpgsqlCommand("SELECT count(*) FROM webhook_events WHERE id = ANY($1)", db)
        {
            Parameters = { new() { Value = webhookIds } },
        };
        return (long)(await recorded.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The ids of the participant webhooks the emulator sent for these rooms.</summary>
    private static async Task<string[]> SentWebhookIdsAsync(HttpClient liveKit, Room[] rooms, CancellationToken ct)
    {
        var names = rooms.Select(r => r.LiveKitRoom).ToHashSet();
        return [.. (await liveKit.GetFromJsonAsync<JsonElement>("/_emulator/webhooks", ct)).EnumerateArray()
            .Where(d => d.GetProperty("event").GetString()!.StartsWith("participant_", StringComparison.Ordinal)
                && names.Contains(d.GetProperty("room").GetString()!))
            .Select(d => d.GetProperty("id").GetString()!)
            .Distinct()];
    }
}
