using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Api.LiveUpdates;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Favorited.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Favorited.Api.Tests;

/// <summary>The Api's fixture with a short throttle window and heartbeat, so the tests need not wait long for either.</summary>
public sealed class SseFixture(TestServers servers) : ApiFixture(servers)
{
    public static readonly TimeSpan ThrottleWindow = TimeSpan.FromSeconds(1);

    public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(OriginalApi)
    {
        ["LiveState:ThrottleWindow"] = ThrottleWindow.ToString(),
        ["Sse:HeartbeatInterval"] = "00:00:01",
    };
}

public sealed class StreamEventsSseTests(SseFixture fixture, TestServers servers) : IClassFixture<SseFixture>
{
    private const string TimestampPattern = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private HttpClient Client => fixture.Client;
    private LiveStateStore Store => fixture.Api.Services.GetRequiredService<LiveStateStore>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EventsOfAnUnknownOrMalformedIdAre404WithTheEnvelopeAndLeaveNoSubscription()
    {
        var unknown = Guid.NewGuid();

        using var missing = await Client.GetAsync($"/api/v1/livestreams/{unknown}/events", Ct);
        using var malformed = await Client.GetAsync("/api/v1/livestreams/not-a-guid/events", Ct);

        var body = await ApiAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "NotFoundError", "Stream state not found");
        Assert.Equal(["success", "error", "message", "statusCode"], body.EnumerateObject().Select(p => p.Name));
        await ApiAssert.ErrorAsync(malformed, HttpStatusCode.NotFound, "NotFoundError", "Stream state not found");
        await WaitForNoRedisSubscriberAsync(fixture.Api, unknown);
    }

    [Fact]
    public async Task TheStreamOpensWithItsStateAsAnIdentifiedEventOverAnUnbufferedEventStream()
    {
        var id = await CreateStreamAsync("host-1");

        await using var sse = await OpenAsync(id);
        var state = await sse.NextAsync();

        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(sse.Response.Headers.CacheControl?.NoCache);
        Assert.Equal("no", sse.Response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Contains("keep-alive", sse.Response.Headers.Connection);
        Assert.Equal(" connected", sse.Comments.First());

        Assert.Equal("state", state.Type);
        Assert.Equal(await LastEventIdAsync(id), state.NumericId);
        var data = state.Json;
        Assert.Equal(
            ["streamId", "status", "participants", "startedAt", "viewerCount", "totalViewers", "peakViewerCount", "hostInfo"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id.ToString(), data.GetProperty("streamId").GetString());
        Assert.Equal("LIVE", data.GetProperty("status").GetString());
        Assert.Empty(data.GetProperty("participants").EnumerateArray());
        Assert.Matches(TimestampPattern, data.GetProperty("startedAt").GetString());
        Assert.Equal(0, data.GetProperty("viewerCount").GetInt32());
        Assert.Equal(0, data.GetProperty("totalViewers").GetInt32());
        Assert.Equal(0, data.GetProperty("peakViewerCount").GetInt32());
        Assert.Equal("host-1", data.GetProperty("hostInfo").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task AViewerConnectingIsAViewerCountUpdateWithTheNewState()
    {
        var id = await CreateStreamAsync("host-1");
        await using var sse = await OpenAsync(id);
        var state = await sse.NextAsync();

        await Store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
        var update = await sse.NextAsync();

        Assert.Equal("viewer_count_update", update.Type);
        Assert.Equal(state.NumericId + 1, update.NumericId);
        var data = update.Json;
        Assert.Equal(1, data.GetProperty("viewerCount").GetInt32());
        Assert.Equal(["viewer-1"], data.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(1, data.GetProperty("totalViewers").GetInt32());
        Assert.Equal(1, data.GetProperty("peakViewerCount").GetInt32());
        Assert.Equal("LIVE", data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AHeldBackCountIsDeliveredByTheTrailingFlush()
    {
        var id = await CreateStreamAsync("host-1");
        await using var sse = await OpenAsync(id);
        await sse.NextAsync();
        await Store.ReplaceConnectedAsync(id, [], [.. Enumerable.Range(1, 20).Select(n => $"viewer-{n}")]);
        var twenty = await sse.NextAsync();
        Assert.Equal(20, twenty.Json.GetProperty("viewerCount").GetInt32());

        // One more of twenty is a 5 % change inside the window: held back.
        await Store.ParticipantConnectedAsync(id, "viewer-21", ParticipantRole.Viewer);
        await Task.Delay(SseFixture.ThrottleWindow + TimeSpan.FromMilliseconds(300), Ct);
        Assert.False(sse.HasPendingEvent, "the small change went out at once");

        // What the worker does every 250 ms.
        Assert.True(await Store.FlushDueCountsAsync() >= 1);
        var trailing = await sse.NextAsync();

        Assert.Equal("viewer_count_update", trailing.Type);
        Assert.Equal(twenty.NumericId + 1, trailing.NumericId);
        Assert.Equal(21, trailing.Json.GetProperty("viewerCount").GetInt32());
    }

    [Fact]
    public async Task DeletingTheStreamSendsRoomEndedAndThenEndsTheResponse()
    {
        var id = await CreateStreamAsync("owner");
        await using var sse = await OpenAsync(id);
        var state = await sse.NextAsync();

        using var delete = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{id}")
        {
            Content = JsonContent.Create(new { requestingUserId = "owner" }),
        }, Ct);
        var ended = await sse.NextAsync();
        var after = await sse.WaitForEndAsync();

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal("room_ended", ended.Type);
        Assert.Equal(state.NumericId + 1, ended.NumericId);
        Assert.Equal("ENDED", ended.Json.GetProperty("status").GetString());
        Assert.Empty(after);
        Assert.True(sse.Ended);
        await WaitForNoRedisSubscriberAsync(fixture.Api, id);
    }

    [Fact]
    public async Task AnEndedStreamSendsStateAndRoomEndedAndCloses()
    {
        var id = await CreateStreamAsync("owner");
        await Store.EndAsync(id);
        var lastId = await LastEventIdAsync(id);

        await using var sse = await OpenAsync(id);
        var state = await sse.NextAsync();
        var ended = await sse.NextAsync();
        var after = await sse.WaitForEndAsync();

        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("state", state.Type);
        Assert.Equal("ENDED", state.Json.GetProperty("status").GetString());
        Assert.Equal(lastId, state.NumericId);
        Assert.Equal("room_ended", ended.Type);
        Assert.Equal(lastId, ended.NumericId);
        Assert.Equal("ENDED", ended.Json.GetProperty("status").GetString());
        Assert.Empty(after);
        Assert.True(sse.Ended);
    }

    [Fact]
    public async Task AReconnectToAnEndedStreamThatSawRoomEndedIs204SoTheBrowserStops()
    {
        var id = await CreateStreamAsync("owner");
        await Store.EndAsync(id);
        var lastId = await LastEventIdAsync(id);

        await using var seen = await OpenAsync(id, lastEventId: lastId.ToString());
        await using var later = await OpenAsync(id, lastEventId: (lastId + 5).ToString());
        await using var behind = await OpenAsync(id, lastEventId: (lastId - 1).ToString());

        Assert.Equal(HttpStatusCode.NoContent, seen.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, later.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, behind.Response.StatusCode);
        Assert.Equal(["state", "room_ended"], (await behind.WaitForEndAsync()).Select(e => e.Type));
        await WaitForNoRedisSubscriberAsync(fixture.Api, id);
    }

    [Fact]
    public async Task EventIdsIncreaseAndAReconnectStartsFromTheCurrentState()
    {
        var id = await CreateStreamAsync("host-1");
        await using var sse = await OpenAsync(id);
        var state = await sse.NextAsync();

        // One change at a time: an event carries the state as it is when the event is forwarded.
        await Store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
        var first = await sse.NextAsync();
        await Store.ParticipantConnectedAsync(id, "viewer-2", ParticipantRole.Viewer);
        var second = await sse.NextAsync();
        await Store.ParticipantDisconnectedAsync(id, "viewer-1");
        var updates = new[] { first, second, await sse.NextAsync() };

        Assert.Equal([state.NumericId + 1, state.NumericId + 2, state.NumericId + 3], updates.Select(u => u.NumericId));
        Assert.Equal([1, 2, 1], updates.Select(u => u.Json.GetProperty("viewerCount").GetInt32()));

        await using var reconnected = await OpenAsync(id, lastEventId: updates[0].Id);
        var current = await reconnected.NextAsync();

        Assert.Equal("state", current.Type);
        Assert.Equal(updates[^1].NumericId, current.NumericId);
        Assert.Equal(["viewer-2"], current.Json.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task TwoSubscribersShareOneRedisSubscriptionThatEndsWithTheLastOfThem()
    {
        var id = await CreateStreamAsync("host-1");
        await using var first = await OpenAsync(id);
        await using var second = await OpenAsync(id);
        await first.NextAsync();
        await second.NextAsync();

        Assert.Equal(1, await RedisSubscribersAsync(fixture.Api, id));

        await Store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
        var a = await first.NextAsync();
        var b = await second.NextAsync();

        Assert.Equal("viewer_count_update", a.Type);
        Assert.Equal((a.Type, a.Id, a.Data), (b.Type, b.Id, b.Data));

        await first.DisposeAsync();
        await Task.Delay(200, Ct);
        Assert.Equal(1, await RedisSubscribersAsync(fixture.Api, id));
        await second.DisposeAsync();

        await WaitForNoRedisSubscriberAsync(fixture.Api, id);
        var sse = await WaitForSseHealthAsync(fixture.Api, connections: 0, streams: 0);
        Assert.Equal("healthy", sse.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheListPageStreamCarriesTheEventsOfEveryStream()
    {
        var first = await CreateStreamAsync("host-1");
        var second = await CreateStreamAsync("host-2");
        await using var sse = await SseConnection.OpenAsync(Client, "/api/v1/livestreams/events");

        await Store.ParticipantConnectedAsync(first, "viewer-1", ParticipantRole.Viewer);
        await Store.ParticipantConnectedAsync(second, "viewer-1", ParticipantRole.Viewer);
        await Store.EndAsync(second);
        // Other test classes publish on the same Redis: only this test's streams count.
        var received = new List<SseEvent>();
        while (received.Count < 3)
        {
            received.Add(await sse.NextAsync(e => StreamIdOf(e) is { } s && (s == first || s == second)));
        }

        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(" connected", sse.Comments.First());
        Assert.Equal(
            [("viewer_count_update", first, "LIVE", 1), ("viewer_count_update", second, "LIVE", 1), ("room_ended", second, "ENDED", 1)],
            received.Select(e => (e.Type, StreamIdOf(e)!.Value, e.Json.GetProperty("status").GetString(), e.Json.GetProperty("viewerCount").GetInt32())));
        Assert.Equal(await LastEventIdAsync(second), received[2].Json.GetProperty("id").GetInt64());
        Assert.Equal("room_ended", received[2].Json.GetProperty("type").GetString());
        Assert.False(sse.Ended);
    }

    [Fact]
    public async Task TwoApiProcessesEachDeliverAnEventToTheirOwnSubscribers()
    {
        var id = await CreateStreamAsync("host-1");
        await using var other = new ServiceFactory<Program>(fixture.DatabaseConnectionString, fixture.RedisConnectionString,
            fixture.LiveKit.Url, fixture.Settings);
        using var otherClient = other.CreateClient();
        await using var here = await OpenAsync(id);
        await using var there = await SseConnection.OpenAsync(otherClient, $"/api/v1/livestreams/{id}/events");
        await here.NextAsync();
        await there.NextAsync();

        Assert.Equal(2, await RedisSubscribersAsync(fixture.Api, id));

        await other.Services.GetRequiredService<LiveStateStore>().ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
        var a = await here.NextAsync();
        var b = await there.NextAsync();

        Assert.Equal(("viewer_count_update", 1), (a.Type, a.Json.GetProperty("viewerCount").GetInt32()));
        Assert.Equal((a.Type, a.Id, a.Data), (b.Type, b.Id, b.Data));
    }

    [Fact]
    public async Task HealthsStateComponentReportsTheEventStreamsAndTheSubscribedStreamsAsTheOriginalDid()
    {
        var id = await CreateStreamAsync("host-1");
        await using var one = await OpenAsync(id);
        await using var list = await SseConnection.OpenAsync(Client, "/api/v1/livestreams/events");
        await one.NextAsync();

        var sse = await WaitForSseHealthAsync(fixture.Api, connections: 2, streams: 1);

        Assert.Equal("healthy", sse.GetProperty("status").GetString());
        Assert.Equal(["activeConnections", "subscribedStreams"], sse.GetProperty("details").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task EveryConnectionGetsHeartbeats()
    {
        var id = await CreateStreamAsync("host-1");
        await using var one = await OpenAsync(id);
        await using var list = await SseConnection.OpenAsync(Client, "/api/v1/livestreams/events");

        await one.WaitForCommentAsync(" heartbeat", TimeSpan.FromSeconds(5));
        await list.WaitForCommentAsync(" heartbeat", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AClientThatStopsReadingIsCutOffInsteadOfBufferedAndItsPlaceIsFreed()
    {
        await using var api = new ServiceFactory<Program>(fixture.DatabaseConnectionString, fixture.RedisConnectionString,
            fixture.LiveKit.Url, new Dictionary<string, string>(fixture.Settings)
            {
                ["Sse:SubscriberBufferSize"] = "2",
                ["Sse:MaxConnectionsPerClient"] = "1",
            });
        using var client = api.CreateClient();
        var hub = api.Services.GetRequiredService<StreamEventHub>();
        var store = api.Services.GetRequiredService<LiveStateStore>();
        var id = Guid.NewGuid();
        await store.InitializeAsync(id, DateTime.UtcNow, "host-1", "host-1");
        using var response = await client.GetAsync($"/api/v1/livestreams/{id}/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Nobody reads the body: after some frames (tens of KB each) the writes stall, then the small queue fills.
        string[] Viewers(int count) => [.. Enumerable.Range(0, count).Select(n => $"a-rather-long-viewer-identity-{n:D6}")];
        for (var round = 0; round < 20 && await RedisSubscribersAsync(api, id) > 0; round++)
        {
            await store.ReplaceConnectedAsync(id, [], Viewers(round % 2 == 0 ? 2000 : 1000));
            await Task.Delay(20, Ct);
        }

        await WaitForNoRedisSubscriberAsync(api, id);
        Assert.Equal(0, hub.Connections);
        // The client never closed the stream it was cut from, yet its one place is free again.
        await Eventually.MatchesAsync(async () =>
        {
            using var again = await client.GetAsync("/api/v1/livestreams/events", HttpCompletionOption.ResponseHeadersRead, Ct);
            return again.StatusCode;
        }, status => status == HttpStatusCode.OK, Deadline, "the cut stream's place to be free", Ct);
    }

    [Fact]
    public async Task ManySubscribersOfOneStreamEachGetEveryEventOnceAndInOrder()
    {
        // Enough subscribers for the hub to write each event from more than one thread.
        const int subscribers = 1_100;
        await using var api = new ServiceFactory<Program>(fixture.DatabaseConnectionString, fixture.RedisConnectionString,
            fixture.LiveKit.Url, new Dictionary<string, string>(fixture.Settings) { ["Sse:MaxConnectionsPerClient"] = "2000" });
        using var client = api.CreateClient();
        var store = api.Services.GetRequiredService<LiveStateStore>();
        var id = Guid.NewGuid();
        await store.InitializeAsync(id, DateTime.UtcNow, "host-1", "host-1");
        var streams = await Task.WhenAll(Enumerable.Range(0, subscribers)
            .Select(_ => SseConnection.OpenAsync(client, $"/api/v1/livestreams/{id}/events")));
        try
        {
            var states = await Task.WhenAll(streams.Select(stream => stream.NextAsync()));
            Assert.Equal(subscribers, api.Services.GetRequiredService<StreamEventHub>().Connections);

            var received = new List<SseEvent[]>();
            for (var viewer = 1; viewer <= 4; viewer++)
            {
                await store.ParticipantConnectedAsync(id, $"viewer-{viewer}", ParticipantRole.Viewer);
                received.Add(await Task.WhenAll(streams.Select(stream => stream.NextAsync(Deadline))));
            }

            var first = states[0].NumericId;
            for (var i = 0; i < subscribers; i++)
            {
                Assert.Equal([first + 1, first + 2, first + 3, first + 4], received.Select(events => events[i].NumericId));
                Assert.Equal(received.Select(events => events[0].Data), received.Select(events => events[i].Data));
            }
            Assert.Equal([1, 2, 3, 4], received.Select(events => events[0].Json.GetProperty("viewerCount").GetInt32()));
            Assert.DoesNotContain(streams, stream => stream.HasPendingEvent);
        }
        finally
        {
            await Task.WhenAll(streams.Select(stream => stream.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheEventStreams()
    {
        using var response = await Client.GetAsync("/openapi/v1.json", Ct);
        var paths = (await ApiFixture.ReadJsonAsync(response)).GetProperty("paths");

        var one = paths.GetProperty("/api/v1/livestreams/{id}/events").GetProperty("get").GetProperty("responses");
        var all = paths.GetProperty("/api/v1/livestreams/events").GetProperty("get").GetProperty("responses");

        Assert.True(one.GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.True(one.TryGetProperty("204", out _));
        Assert.True(one.TryGetProperty("404", out _));
        Assert.True(one.TryGetProperty("429", out _));
        Assert.True(all.TryGetProperty("429", out _));
        Assert.True(all.GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
    }

    [Fact]
    public async Task AnEventStreamCountsOnceAgainstTheGeneralLimitAndNotTheWriteLimit()
    {
        await using var api = new ServiceFactory<Program>(await fixture.CreateSiblingDatabaseAsync(), fixture.RedisConnectionString,
            fixture.LiveKit.Url, new Dictionary<string, string>
            {
                ["RateLimits:General:PermitLimit"] = "2",
                ["RateLimits:Write:PermitLimit"] = "1",
                ["RateLimits:Create:PermitLimit"] = "1",
            });
        using var client = api.CreateClient();
        var id = Guid.NewGuid();
        await api.Services.GetRequiredService<LiveStateStore>().InitializeAsync(id, DateTime.UtcNow, "host-1", "host-1");

        await using var one = await SseConnection.OpenAsync(client, $"/api/v1/livestreams/{id}/events");
        await using var all = await SseConnection.OpenAsync(client, "/api/v1/livestreams/events");
        await one.NextAsync();
        using var limited = await client.GetAsync($"/api/v1/livestreams/{id}/state", Ct);

        Assert.Equal(HttpStatusCode.OK, one.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, all.Response.StatusCode);
        await ApiAssert.ErrorAsync(limited, HttpStatusCode.TooManyRequests, "TooManyRequests",
            "Too many requests from this IP, please try again later");
    }

    [Fact]
    public async Task EventsAre503WhileRedisIsDown()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct), redis.ConnectionString,
            fixture.LiveKit.Url, fixture.Settings);
        using var client = api.CreateClient();
        var id = Guid.NewGuid();
        await api.Services.GetRequiredService<LiveStateStore>().InitializeAsync(id, DateTime.UtcNow, "host-1", "host-1");

        redis.Stop();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync($"/api/v1/livestreams/{id}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        Assert.Equal(0, api.Services.GetRequiredService<StreamEventHub>().Connections);
    }

    [Fact]
    public async Task AnEventPublishedWhileTheSubscriptionWasDownArrivesAsTheStateOnceItIsBack()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct), redis.ConnectionString,
            fixture.LiveKit.Url, fixture.Settings);
        using var client = api.CreateClient();
        var store = api.Services.GetRequiredService<LiveStateStore>();
        var id = Guid.NewGuid();
        await store.InitializeAsync(id, DateTime.UtcNow, "host-1", "host-1");
        await using var sse = await SseConnection.OpenAsync(client, $"/api/v1/livestreams/{id}/events");
        var state = await sse.NextAsync();

        var server = await CutSubscriptionsAsync(api);
        await store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
        Assert.Equal(0, await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal(RedisKeys.StreamEventsChannel(id))));
        await RestoreSubscriptionsAsync(server);
        var resync = await sse.NextAsync();

        Assert.Equal("state", resync.Type);
        Assert.Equal(state.NumericId + 1, resync.NumericId);
        Assert.Equal(1, resync.Json.GetProperty("viewerCount").GetInt32());
    }

    [Fact]
    public async Task AnnouncementsPublishedWhileTheSubscriptionWasDownArriveInOrderBeforeTheStateOnceItIsBack()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct), redis.ConnectionString,
            fixture.LiveKit.Url, fixture.Settings);
        using var client = api.CreateClient();
        var store = api.Services.GetRequiredService<LiveStateStore>();
        var id = Guid.NewGuid();
        await store.InitializeAsync(id, DateTime.UtcNow, "host-1", "host-1");
        await using var sse = await SseConnection.OpenAsync(client, $"/api/v1/livestreams/{id}/events");
        await store.AnnounceAsync(id, "chat_message", """{"n":1}""");
        var seen = await sse.NextAsync(e => e.Type == "chat_message");

        var server = await CutSubscriptionsAsync(api);
        await store.AnnounceAsync(id, "chat_message", """{"n":2}""");
        await store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
        await store.AnnounceAsync(id, "chat_message", """{"n":3}""");
        await RestoreSubscriptionsAsync(server);
        // The connection may come back more than once (it is refused at first), each time with what was missed until then.
        var missed = new List<SseEvent>();
        while (missed.LastOrDefault() is not { Type: "state" } last || last.NumericId < seen.NumericId + 3)
        {
            missed.Add(await sse.NextAsync());
        }

        var chats = missed.Where(e => e.Type == "chat_message").ToList();
        Assert.Equal([2, 3], chats.Select(e => e.Json.GetProperty("n").GetInt32()));
        Assert.Equal([seen.NumericId + 1, seen.NumericId + 3], chats.Select(e => e.NumericId));
        Assert.All(missed, e => Assert.Contains(e.Type, new[] { "chat_message", "state" }));
        Assert.Equal(1, missed[^1].Json.GetProperty("viewerCount").GetInt32());
    }

    /// <summary>Cuts the Api's pub/sub connection and keeps it from subscribing again: what is published meanwhile reaches no one.</summary>
    private static async Task<IServer> CutSubscriptionsAsync(ServiceFactory<Program> api)
    {
        var multiplexer = api.Services.GetRequiredService<IConnectionMultiplexer>();
        var server = multiplexer.GetServer(multiplexer.GetEndPoints().Single());
        await server.ExecuteAsync("ACL", "SETUSER", "default", "-subscribe");
        await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        return server;
    }

    /// <summary>The subscription connection (refused, so no longer a pub/sub one) reconnects and subscribes.</summary>
    private static async Task RestoreSubscriptionsAsync(IServer server)
    {
        await server.ExecuteAsync("ACL", "SETUSER", "default", "+subscribe");
        await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
    }

    private async Task<Guid> CreateStreamAsync(string createdBy)
    {
        var data = await fixture.CreateLivestreamAsync(new { roomName = $"room-{Guid.NewGuid():N}", title = "t", createdBy });
        return Guid.Parse(data.GetProperty("id").GetString()!);
    }

    private Task<SseConnection> OpenAsync(Guid id, string? lastEventId = null) =>
        SseConnection.OpenAsync(Client, $"/api/v1/livestreams/{id}/events", lastEventId);

    private async Task<long> LastEventIdAsync(Guid id) => (await Store.GetAsync(id))!.LastEventId;

    private static Guid? StreamIdOf(SseEvent e) =>
        e.Json.TryGetProperty("streamId", out var streamId) && Guid.TryParse(streamId.GetString(), out var id) ? id : null;

    /// <summary>How many Redis clients listen to the stream's channel (one per Api process, however many browsers).</summary>
    private static async Task<long> RedisSubscribersAsync(ServiceFactory<Program> api, Guid id)
    {
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>();
        var server = redis.GetServer(redis.GetEndPoints().Single());
        return await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal(RedisKeys.StreamEventsChannel(id)));
    }

    private static Task WaitForNoRedisSubscriberAsync(ServiceFactory<Program> api, Guid id) =>
        Eventually.MatchesAsync(() => RedisSubscribersAsync(api, id), count => count == 0, Deadline,
            "Redis to have no subscriber on the stream's channel", Ct);

    private static async Task<JsonElement> WaitForSseHealthAsync(ServiceFactory<Program> api, int connections, int streams)
    {
        using var client = api.CreateClient();
        return await Eventually.MatchesAsync(
            async () => (await HealthProbe.GetAsync(client, Ct)).Body.GetProperty("components").GetProperty("state"),
            state => state.GetProperty("details").GetProperty("activeConnections").GetInt32() == connections
                && state.GetProperty("details").GetProperty("subscribedStreams").GetInt32() == streams,
            Deadline, $"the state component to show {connections} connections and {streams} streams", Ct);
    }
}
