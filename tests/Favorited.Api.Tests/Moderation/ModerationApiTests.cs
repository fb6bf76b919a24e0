using System.Net;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.Testing;

namespace Favorited.Api.Tests.Moderation;

/// <summary>The host's moderation: remove, ban, unban, mute, the record of it; and that nobody else can.</summary>
public sealed class ModerationApiTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RemovingDisconnectsTheParticipantEndsTheSessionWithTheReasonAndTellsTheWatchers()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var viewer = await stream.ViewerAsync("Viewer");
        await using var watcher = await stream.WatchAsync();

        var removed = await stream.OkAsync(HttpMethod.Post, "/moderation/remove", stream.Host, new { userId = viewer.Id, reason = "  spam  " });
        var announced = await watcher.NextAsync(e => e.Type == "participant_removed");

        Assert.Equal(Json(new { userId = viewer.Id, reason = "spam", by = stream.Host.Id }), announced.Data);
        Assert.Equal(announced.Data, removed.GetRawText());
        Assert.Null(stream.InRoom(viewer.Id));
        var session = Assert.Single(await stream.SessionsOfAsync(viewer.Id));
        Assert.Equal("LEFT", session.GetProperty("status").GetString());
        Assert.Equal("REMOVED", session.GetProperty("leaveReason").GetString());
        Assert.Equal(0, (await stream.StateAsync()).ViewerCount);
        // Removed, not banned: they may come back.
        using var rejoin = await stream.JoinAsync(viewer);
        Assert.Equal(HttpStatusCode.OK, rejoin.StatusCode);
    }

    [Fact]
    public async Task RemovingSomeoneNotInTheStreamIs404AndRecordsNothing()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var stranger = await fixture.RegisterAsync("Stranger");

        using var response = await stream.SendAsync(HttpMethod.Post, "/moderation/remove", stream.Host, new { userId = stranger.Id });

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NotFoundError");
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/moderation/actions", stream.Host)).EnumerateArray());
    }

    [Fact]
    public async Task ABanKeepsTheUserOutUntilItIsLifted()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var viewer = await stream.ViewerAsync("Viewer");
        await using var watcher = await stream.WatchAsync();

        var ban = await stream.OkAsync(HttpMethod.Post, "/moderation/bans", stream.Host, new { userId = viewer.Id, reason = "abuse" });
        var banned = await watcher.NextAsync(e => e.Type == "participant_banned");
        using var refused = await stream.JoinAsync(viewer);
        using var chatRefused = await stream.SendAsync(HttpMethod.Post, "/chat", viewer, new { text = "let me back" });
        var listed = await stream.OkAsync(HttpMethod.Get, "/moderation/bans", stream.Host);
        var session = Assert.Single(await stream.SessionsOfAsync(viewer.Id));

        Assert.Equal(Json(new { userId = viewer.Id, reason = "abuse", until = (DateTime?)null }), banned.Data);
        Assert.Equal(JsonValueKind.Null, ban.GetProperty("until").ValueKind);
        await ApiAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "AuthorizationError", "You are banned from this livestream");
        await ApiAssert.ErrorAsync(chatRefused, HttpStatusCode.Forbidden, "AuthorizationError", "You are banned from this livestream");
        Assert.Equal([viewer.Id], listed.EnumerateArray().Select(b => b.GetProperty("userId").GetString()));
        Assert.Equal("BANNED", session.GetProperty("leaveReason").GetString());
        Assert.Null(stream.InRoom(viewer.Id));

        var lifted = await stream.OkAsync(HttpMethod.Delete, $"/moderation/bans/{viewer.Id}", stream.Host);
        var unbanned = await watcher.NextAsync(e => e.Type == "participant_unbanned");
        using var rejoin = await stream.JoinAsync(viewer);
        using var liftedAgain = await stream.SendAsync(HttpMethod.Delete, $"/moderation/bans/{viewer.Id}", stream.Host);

        Assert.NotEqual(JsonValueKind.Null, lifted.GetProperty("liftedAt").ValueKind);
        Assert.Equal(Json(new { userId = viewer.Id }), unbanned.Data);
        Assert.Equal(HttpStatusCode.OK, rejoin.StatusCode);
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/moderation/bans", stream.Host)).EnumerateArray());
        await ApiAssert.ErrorAsync(liftedAgain, HttpStatusCode.NotFound, "NotFoundError");
    }

    [Fact]
    public async Task ABanWithADurationEndsByItself()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var viewer = await stream.ViewerAsync("Viewer");

        var ban = await stream.OkAsync(HttpMethod.Post, "/moderation/bans", stream.Host, new { userId = viewer.Id, durationSeconds = 2 });
        using var refused = await stream.JoinAsync(viewer);
        var admitted = await Eventually.MatchesAsync(async () =>
        {
            using var join = await stream.JoinAsync(viewer);
            return join.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "the ban to end", Ct);

        var until = ban.GetProperty("until").GetDateTime();
        var created = ban.GetProperty("createdAt").GetDateTime();
        Assert.Equal(TimeSpan.FromSeconds(2), until - created);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted);
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/moderation/bans", stream.Host)).EnumerateArray());
    }

    [Fact]
    public async Task SomeoneNotInTheStreamCanBeBannedBeforeTheyCome()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var troll = await fixture.RegisterAsync("Troll");

        await stream.OkAsync(HttpMethod.Post, "/moderation/bans", stream.Host, new { userId = troll.Id });
        using var refused = await stream.JoinAsync(troll);

        await ApiAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "AuthorizationError", "You are banned from this livestream");
        Assert.Empty(await stream.SessionsOfAsync(troll.Id));
    }

    [Fact]
    public async Task MutingMutesTheTrackNamedOrEveryTrackOfTheParticipant()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var guest = await stream.ViewerAsync("Guest on stage");
        await stream.OkAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = guest.Id });
        var camera = await EmulatorClient.PublishTrackAsync(fixture.LiveKit, stream.Room, guest.Id, "CAMERA", Ct);
        var microphone = await EmulatorClient.PublishTrackAsync(fixture.LiveKit, stream.Room, guest.Id, "MICROPHONE", Ct);
        await using var watcher = await stream.WatchAsync();

        var one = await stream.OkAsync(HttpMethod.Post, "/moderation/mute", stream.Host, new { userId = guest.Id, trackSid = microphone });
        var first = await watcher.NextAsync(e => e.Type == "participant_muted");
        var mutedFirst = MutedTracks(guest.Id);
        var all = await stream.OkAsync(HttpMethod.Post, "/moderation/mute", stream.Host, new { userId = guest.Id });
        var second = await watcher.NextAsync(e => e.Type == "participant_muted");

        Assert.Equal(Json(new { userId = guest.Id, trackSids = new[] { microphone } }), first.Data);
        Assert.Equal(first.Data, one.GetRawText());
        Assert.Equal([microphone], mutedFirst);
        // The camera was the one left unmuted.
        Assert.Equal(Json(new { userId = guest.Id, trackSids = new[] { camera } }), second.Data);
        Assert.Equal(second.Data, all.GetRawText());
        Assert.Equal(new[] { camera, microphone }.Order(), MutedTracks(guest.Id).Order());
    }

    [Fact]
    public async Task MutingSomeoneNotConnectedOrATrackTheyDoNotPublishIs404()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var viewer = await stream.ViewerAsync("Viewer");
        var absent = await stream.ViewerAsync("Absent", connect: false);

        using var noTrack = await stream.SendAsync(HttpMethod.Post, "/moderation/mute", stream.Host, new { userId = viewer.Id, trackSid = "TR_nope" });
        using var notConnected = await stream.SendAsync(HttpMethod.Post, "/moderation/mute", stream.Host, new { userId = absent.Id });

        await ApiAssert.ErrorAsync(noTrack, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(notConnected, HttpStatusCode.NotFound, "NotFoundError");
    }

    [Fact]
    public async Task EveryActionIsListedNewestFirstWithWhoWhomAndWhat()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var first = await stream.ViewerAsync("First");
        var second = await stream.ViewerAsync("Second");

        await stream.OkAsync(HttpMethod.Post, "/moderation/remove", stream.Host, new { userId = first.Id, reason = "off topic" });
        await stream.OkAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = second.Id });
        await stream.OkAsync(HttpMethod.Post, "/moderation/mute", stream.Host, new { userId = second.Id });
        await stream.OkAsync(HttpMethod.Post, "/stage/remove", stream.Host, new { userId = second.Id });
        await stream.OkAsync(HttpMethod.Post, "/moderation/bans", stream.Host, new { userId = first.Id, reason = "again" });
        await stream.OkAsync(HttpMethod.Delete, $"/moderation/bans/{first.Id}", stream.Host);

        var actions = (await stream.OkAsync(HttpMethod.Get, "/moderation/actions", stream.Host)).EnumerateArray().ToList();
        var page = (await stream.OkAsync(HttpMethod.Get, "/moderation/actions?limit=2&offset=1", stream.Host)).EnumerateArray().ToList();

        Assert.Equal(["UNBAN", "BAN", "STAGE_REMOVE", "MUTE", "STAGE_INVITE", "REMOVE"],
            actions.Select(a => a.GetProperty("action").GetString()));
        Assert.Equal([first.Id, first.Id, second.Id, second.Id, second.Id, first.Id],
            actions.Select(a => a.GetProperty("targetId").GetString()));
        Assert.All(actions, a => Assert.Equal(stream.Host.Id, a.GetProperty("actorId").GetString()));
        Assert.Equal("off topic", actions[^1].GetProperty("reason").GetString());
        Assert.Equal("again", actions[1].GetProperty("reason").GetString());
        Assert.Equal(["BAN", "STAGE_REMOVE"], page.Select(a => a.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task OnlyTheHostMayModerate()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var viewer = await stream.ViewerAsync("Viewer");
        var other = await fixture.RegisterAsync("Other");
        var guest = await fixture.StartGuestAsync("Guest");
        (HttpMethod Method, string Path, object? Body)[] endpoints =
        [
            (HttpMethod.Post, "/moderation/remove", new { userId = viewer.Id }),
            (HttpMethod.Post, "/moderation/bans", new { userId = viewer.Id }),
            (HttpMethod.Get, "/moderation/bans", null),
            (HttpMethod.Delete, $"/moderation/bans/{viewer.Id}", null),
            (HttpMethod.Post, "/moderation/mute", new { userId = viewer.Id }),
            (HttpMethod.Get, "/moderation/actions", null),
        ];

        foreach (var (method, path, body) in endpoints)
        {
            using var byOther = await stream.SendAsync(method, path, other, body);
            using var byGuest = await stream.SendAsync(method, path, guest, body);
            using var byAnonymous = await stream.SendAsync(method, path, null, body);
            await ApiAssert.ErrorAsync(byOther, HttpStatusCode.Forbidden, "AuthorizationError");
            Assert.Equal(HttpStatusCode.Forbidden, byGuest.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        }

        Assert.NotNull(stream.InRoom(viewer.Id));
        Assert.Equal("JOINED", Assert.Single(await stream.SessionsOfAsync(viewer.Id)).GetProperty("status").GetString());
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/moderation/actions", stream.Host)).EnumerateArray());
        using var join = await stream.JoinAsync(other);
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
    }

    [Fact]
    public async Task TheHostCannotRemoveOrBanThemselvesAndAPrivateStreamIsNotThereForStrangers()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var owner = await fixture.RegisterAsync("Owner");
        var hidden = await fixture.CreateStreamAsync(owner, "PRIVATE");
        var stranger = await fixture.RegisterAsync("Stranger");

        using var self = await stream.SendAsync(HttpMethod.Post, "/moderation/remove", stream.Host, new { userId = stream.Host.Id });
        using var selfBan = await stream.SendAsync(HttpMethod.Post, "/moderation/bans", stream.Host, new { userId = stream.Host.Id });
        using var missingUser = await stream.SendAsync(HttpMethod.Post, "/moderation/bans", stream.Host, new { reason = "x" });
        using var badDuration = await stream.SendAsync(HttpMethod.Post, "/moderation/bans", stream.Host, new { userId = "u", durationSeconds = 0 });
        using var privateStream = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{hidden}/moderation/actions", stranger.AccessToken);

        await ApiAssert.ErrorAsync(self, HttpStatusCode.BadRequest, "ValidationError");
        await ApiAssert.ErrorAsync(selfBan, HttpStatusCode.BadRequest, "ValidationError");
        await ApiAssert.ErrorAsync(missingUser, HttpStatusCode.BadRequest, "ValidationError", "userId is required");
        await ApiAssert.ErrorAsync(badDuration, HttpStatusCode.BadRequest, "ValidationError");
        await ApiAssert.ErrorAsync(privateStream, HttpStatusCode.NotFound, "NotFoundError");
    }

    [Fact]
    public async Task WhenLiveKitCannotBeReachedTheAnswerIs502AndNothingIsRecorded()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var viewer = await stream.ViewerAsync("Viewer");
        // Another replica of the Api on the same database and Redis, whose LiveKit is down. (Each call takes the resilience
        // handler's retries, so only one action per LiveKit method: a ban removes as a removal does.)
        await using var cutOff = new ServiceFactory<Program>(fixture.DatabaseConnectionString, fixture.RedisConnectionString,
            $"http://127.0.0.1:{FreeTcpPort.Next()}", ApiFixture.GenerousRateLimits);
        using var client = cutOff.CreateClient();
        (string Path, object Body)[] actions =
        [
            ("/moderation/remove", new { userId = viewer.Id }),
            ("/moderation/mute", new { userId = viewer.Id }),
            ("/stage/invite", new { userId = viewer.Id }),
        ];

        foreach (var (path, body) in actions)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/livestreams/{stream.StreamId}{path}")
            {
                Content = System.Net.Http.Json.JsonContent.Create(body),
            };
            request.Headers.Authorization = new("Bearer", stream.Host.AccessToken);
            using var response = await client.SendAsync(request, Ct);
            await ApiAssert.ErrorAsync(response, HttpStatusCode.BadGateway, "LiveKitError");
        }

        var session = Assert.Single(await stream.SessionsOfAsync(viewer.Id));
        Assert.Equal("JOINED", session.GetProperty("status").GetString());
        Assert.Equal("VIEWER", session.GetProperty("role").GetString());
        Assert.NotNull(stream.InRoom(viewer.Id));
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/moderation/actions", stream.Host)).EnumerateArray());
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/moderation/bans", stream.Host)).EnumerateArray());
    }

    private string[] MutedTracks(string identity)
    {
        lock (fixture.LiveKit.Rooms.Sync)
        {
            var room = fixture.LiveKit.Rooms.All().Single(r => r.Participants.ContainsKey(identity));
            return [.. room.Participants[identity].Tracks.Where(t => t.Muted).Select(t => t.Sid)];
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
