using System.Net;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.Testing;

namespace Favorited.Api.Tests.Moderation;

/// <summary>Raised hands, bringing a viewer on stage and stepping them down: LiveKit, the session and the live state follow.</summary>
public sealed class StageApiTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RaisedHandsQueueFirstRaisedFirstAndTheWatchersSeeThemGoUpAndDown()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var first = await stream.ViewerAsync("First");
        var second = await stream.ViewerAsync("Second");
        await using var watcher = await stream.WatchAsync();

        var raised = await stream.OkAsync(HttpMethod.Post, "/stage/hand", second);
        var firstRaised = await watcher.NextAsync(e => e.Type == "hand_raised");
        await stream.OkAsync(HttpMethod.Post, "/stage/hand", first);
        var again = await stream.OkAsync(HttpMethod.Post, "/stage/hand", second);
        var queue = await stream.OkAsync(HttpMethod.Get, "/stage/hands", stream.Host);

        Assert.Equal(Json(new { userId = second.Id, displayName = "Second", raisedAt = raised.GetProperty("raisedAt").GetString() }),
            firstRaised.Data);
        // Raising again keeps the place.
        Assert.Equal(raised.GetRawText(), again.GetRawText());
        Assert.Equal([second.Id, first.Id], queue.EnumerateArray().Select(h => h.GetProperty("userId").GetString()));

        await stream.OkAsync(HttpMethod.Delete, "/stage/hand", second);
        var lowered = await watcher.NextAsync(e => e.Type is "hand_lowered" or "hand_raised" && e.Json.GetProperty("userId").GetString() == second.Id);
        var after = await stream.OkAsync(HttpMethod.Get, "/stage/hands", stream.Host);

        Assert.Equal("hand_lowered", lowered.Type);
        Assert.Equal(Json(new { userId = second.Id }), lowered.Data);
        Assert.Equal([first.Id], after.EnumerateArray().Select(h => h.GetProperty("userId").GetString()));
        Assert.Equal(JsonValueKind.Null, Assert.Single(await stream.SessionsOfAsync(second.Id)).GetProperty("handRaisedAt").ValueKind);
    }

    [Fact]
    public async Task OnlySomeoneWithAViewersSessionRaisesAHand()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var outsider = await fixture.RegisterAsync("Outsider");

        using var notJoined = await stream.SendAsync(HttpMethod.Post, "/stage/hand", outsider);
        using var byHost = await stream.SendAsync(HttpMethod.Post, "/stage/hand", stream.Host);
        using var anonymous = await stream.SendAsync(HttpMethod.Post, "/stage/hand", null);

        await ApiAssert.ErrorAsync(notJoined, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(byHost, HttpStatusCode.Conflict, "ConflictError");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/stage/hands", stream.Host)).EnumerateArray());
    }

    [Fact]
    public async Task AGuestViewerRaisesAHandToo()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var guest = await fixture.StartGuestAsync("Guest");
        await stream.JoinAndConnectAsync(guest);

        var raised = await stream.OkAsync(HttpMethod.Post, "/stage/hand", guest);

        Assert.Equal(guest.Id, raised.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task BringingOnStageLetsThemPublishMakesThemAHostAndMovesTheCountsAndSteppingDownUndoesIt()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var speaker = await stream.ViewerAsync("Speaker");
        await stream.ViewerAsync("Audience");
        await stream.OkAsync(HttpMethod.Post, "/stage/hand", speaker);
        await using var watcher = await stream.WatchAsync();
        var viewersBefore = (await stream.StateAsync()).ViewerCount;
        var hostsBefore = await stream.ConnectedHostsAsync();

        var invited = await stream.OkAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = speaker.Id });
        var handDown = await watcher.NextAsync(e => e.Type == "hand_lowered");
        var onStage = await watcher.NextAsync(e => e.Type == "stage_changed");
        var permission = stream.InRoom(speaker.Id)!.Permission;
        var published = await EmulatorClient.PublishAsync(fixture.LiveKit, stream.Room, speaker.Id, "CAMERA", Ct);

        Assert.Equal(Json(new { userId = speaker.Id, displayName = "Speaker", onStage = true, by = stream.Host.Id }), onStage.Data);
        Assert.Equal(onStage.Data, invited.GetRawText());
        Assert.Equal(Json(new { userId = speaker.Id }), handDown.Data);
        Assert.True(permission.CanPublish);
        Assert.True(permission.CanSubscribe);
        Assert.True(permission.CanPublishData);
        Assert.Equal(HttpStatusCode.OK, published.Status);
        Assert.Equal("HOST", Assert.Single(await stream.SessionsOfAsync(speaker.Id)).GetProperty("role").GetString());
        Assert.Equal(viewersBefore - 1, (await stream.StateAsync()).ViewerCount);
        var hostsOnStage = await stream.ConnectedHostsAsync();
        Assert.Equal([.. hostsBefore.Append(speaker.Id).Order(StringComparer.Ordinal)], hostsOnStage);
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/stage/hands", stream.Host)).EnumerateArray());

        // The speaker steps down of their own accord.
        var steppedDown = await stream.OkAsync(HttpMethod.Post, "/stage/remove", speaker, new { userId = speaker.Id });
        var offStage = await watcher.NextAsync(e => e.Type == "stage_changed");
        var after = stream.InRoom(speaker.Id)!;

        Assert.Equal(Json(new { userId = speaker.Id, displayName = "Speaker", onStage = false, by = speaker.Id }), offStage.Data);
        Assert.Equal(offStage.Data, steppedDown.GetRawText());
        Assert.False(after.Permission.CanPublish);
        Assert.True(after.Permission.CanSubscribe);
        // LiveKit unpublishes what the new permission no longer allows.
        Assert.Empty(after.Tracks);
        Assert.Equal("VIEWER", Assert.Single(await stream.SessionsOfAsync(speaker.Id)).GetProperty("role").GetString());
        Assert.Equal(viewersBefore, (await stream.StateAsync()).ViewerCount);
        Assert.Equal(hostsBefore, await stream.ConnectedHostsAsync());
    }

    [Fact]
    public async Task TheHostStepsSomeoneDownAndThatIsRecorded()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var speaker = await stream.ViewerAsync("Speaker");
        await stream.OkAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = speaker.Id });

        var changed = await stream.OkAsync(HttpMethod.Post, "/stage/remove", stream.Host, new { userId = speaker.Id });
        using var twice = await stream.SendAsync(HttpMethod.Post, "/stage/remove", stream.Host, new { userId = speaker.Id });
        var actions = await stream.OkAsync(HttpMethod.Get, "/moderation/actions", stream.Host);

        Assert.False(changed.GetProperty("onStage").GetBoolean());
        Assert.Equal(stream.Host.Id, changed.GetProperty("by").GetString());
        await ApiAssert.ErrorAsync(twice, HttpStatusCode.Conflict, "ConflictError");
        Assert.Equal(["STAGE_REMOVE", "STAGE_INVITE"], actions.EnumerateArray().Select(a => a.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task OnlyAConnectedViewerWithASessionIsBroughtOnStage()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var stranger = await fixture.RegisterAsync("Stranger");
        var notConnected = await stream.ViewerAsync("Not connected", connect: false);

        using var noSession = await stream.SendAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = stranger.Id });
        using var notInRoom = await stream.SendAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = notConnected.Id });
        using var theHost = await stream.SendAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = stream.Host.Id });

        await ApiAssert.ErrorAsync(noSession, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(notInRoom, HttpStatusCode.Conflict, "ConflictError");
        await ApiAssert.ErrorAsync(theHost, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Equal("VIEWER", Assert.Single(await stream.SessionsOfAsync(notConnected.Id)).GetProperty("role").GetString());
        Assert.Empty((await stream.OkAsync(HttpMethod.Get, "/moderation/actions", stream.Host)).EnumerateArray());
    }

    [Fact]
    public async Task OnlyTheHostBringsPeopleOnStageAndSeesTheHandsAndOnlyTheHostOrThePersonStepsThemDown()
    {
        var stream = await InteractionScenario.StartAsync(fixture);
        var speaker = await stream.ViewerAsync("Speaker");
        var viewer = await stream.ViewerAsync("Viewer");
        var other = await fixture.RegisterAsync("Other");
        var guest = await fixture.StartGuestAsync("Guest");

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/stage/invite"), (HttpMethod.Get, "/stage/hands") })
        {
            var body = method == HttpMethod.Post ? new { userId = speaker.Id } : null;
            using var byOther = await stream.SendAsync(method, path, other, body);
            using var byViewer = await stream.SendAsync(method, path, viewer, body);
            using var byGuest = await stream.SendAsync(method, path, guest, body);
            using var byAnonymous = await stream.SendAsync(method, path, null, body);
            await ApiAssert.ErrorAsync(byOther, HttpStatusCode.Forbidden, "AuthorizationError");
            await ApiAssert.ErrorAsync(byViewer, HttpStatusCode.Forbidden, "AuthorizationError");
            Assert.Equal(HttpStatusCode.Forbidden, byGuest.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        }
        Assert.Equal("VIEWER", Assert.Single(await stream.SessionsOfAsync(speaker.Id)).GetProperty("role").GetString());

        await stream.OkAsync(HttpMethod.Post, "/stage/invite", stream.Host, new { userId = speaker.Id });
        using var downByOther = await stream.SendAsync(HttpMethod.Post, "/stage/remove", viewer, new { userId = speaker.Id });
        using var downByGuest = await stream.SendAsync(HttpMethod.Post, "/stage/remove", guest, new { userId = speaker.Id });
        using var downByAnonymous = await stream.SendAsync(HttpMethod.Post, "/stage/remove", null, new { userId = speaker.Id });
        using var hostDown = await stream.SendAsync(HttpMethod.Post, "/stage/remove", stream.Host, new { userId = stream.Host.Id });

        await ApiAssert.ErrorAsync(downByOther, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(downByGuest, HttpStatusCode.Forbidden, "AuthorizationError");
        Assert.Equal(HttpStatusCode.Unauthorized, downByAnonymous.StatusCode);
        await ApiAssert.ErrorAsync(hostDown, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Equal("HOST", Assert.Single(await stream.SessionsOfAsync(speaker.Id)).GetProperty("role").GetString());
        Assert.True(stream.InRoom(speaker.Id)!.Permission.CanPublish);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
