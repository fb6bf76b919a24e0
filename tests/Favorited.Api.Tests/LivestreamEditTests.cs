using System.Net;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.Testing;

namespace Favorited.Api.Tests;

/// <summary>PATCH /api/v1/livestreams/{id}: the creator edits an active stream; LiveKit and every watcher hear of it.</summary>
public sealed class LivestreamEditTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheCreatorsEditIsStoredPushedToTheRoomAndAnnouncedToTheStreamsWatchersAndTheListPage()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);
        Assert.Contains(id, await ListedTitlesAsync("A stream")); // now in the list cache
        await using var watcher = await SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/{id}/events");
        var opening = await watcher.NextAsync();
        await using var listPage = await SseConnection.OpenAsync(fixture.Client, "/api/v1/livestreams/events");

        using var edited = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", owner.AccessToken, new
        {
            title = "Now with guests",
            description = "Second half",
            maxParticipants = 50,
            emptyTimeout = 600,
            metadata = new { topic = "music" },
        });

        var data = (await ApiFixture.ReadJsonAsync(edited)).GetProperty("data");
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(("Now with guests", "Second half", 50, 600, "music"), (data.GetProperty("title").GetString(),
            data.GetProperty("description").GetString(), data.GetProperty("maxParticipants").GetInt32(),
            data.GetProperty("emptyTimeout").GetInt32(), data.GetProperty("metadata").GetProperty("topic").GetString()));

        var announced = await watcher.NextAsync(e => e.Type == "stream_updated");
        Assert.Equal(opening.NumericId + 1, announced.NumericId);
        Assert.Equal(data.ToString(), announced.Json.ToString());
        var fed = (await listPage.NextAsync(e => e.Type == "stream_updated" && e.Json.GetProperty("streamId").GetString() == id)).Json;
        Assert.Equal("Now with guests", fed.GetProperty("payload").GetProperty("title").GetString());

        lock (fixture.LiveKit.Rooms.Sync)
        {
            var room = fixture.LiveKit.Rooms.All().Single(r => r.Name.EndsWith(Guid.Parse(id).ToString("N"), StringComparison.Ordinal));
            Assert.Equal("""{"topic":"music"}""", room.Metadata);
        }
        using var read = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}", null);
        Assert.Equal("Now with guests", (await ApiFixture.ReadJsonAsync(read)).GetProperty("data").GetProperty("title").GetString());
        // The cached list page that had the old title was dropped.
        Assert.Contains(id, await ListedTitlesAsync("Now with guests"));
    }

    [Fact]
    public async Task AWatcherWhoReconnectsGetsTheAnnouncementsItMissedOnceEachThenTheState()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);
        string lastSeen;
        await using (var first = await SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/{id}/events"))
        {
            await EditTitleAsync(owner, id, "one");
            lastSeen = (await first.NextAsync(e => e.Type == "stream_updated")).Id!;
        }
        await EditTitleAsync(owner, id, "two");
        await EditTitleAsync(owner, id, "three");

        await using var again = await SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/{id}/events", lastEventId: lastSeen);
        var missed = new[] { await again.NextAsync(), await again.NextAsync() };
        var state = await again.NextAsync();
        await EditTitleAsync(owner, id, "four");
        var live = await again.NextAsync();

        Assert.Equal(["two", "three"], missed.Select(e => e.Json.GetProperty("title").GetString()));
        Assert.Equal([long.Parse(lastSeen) + 1, long.Parse(lastSeen) + 2], missed.Select(e => e.NumericId));
        Assert.Equal(("state", missed[1].NumericId), (state.Type, state.NumericId));
        Assert.Equal(("stream_updated", "four", state.NumericId + 1),
            (live.Type, live.Json.GetProperty("title").GetString(), live.NumericId));
        // A first connection has nothing to catch up on: its history comes from the Api.
        await using var fresh = await SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/{id}/events");
        Assert.Equal("state", (await fresh.NextAsync()).Type);
    }

    [Fact]
    public async Task FieldsLeftOutStayAndAnEmptyDescriptionRemovesIt()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);
        using (await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", owner.AccessToken, new { description = "Kept?" }))
        {
        }

        using var edited = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", owner.AccessToken, new { description = "" });

        var data = (await ApiFixture.ReadJsonAsync(edited)).GetProperty("data");
        Assert.Equal("A stream", data.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("description").ValueKind);
        Assert.Equal(100, data.GetProperty("maxParticipants").GetInt32());
    }

    [Theory]
    [InlineData("""{}""", "Nothing to change: give at least one of title, description, maxParticipants, emptyTimeout, metadata")]
    [InlineData("""{"title":"  "}""", "Title is required")]
    [InlineData("""{"maxParticipants":0}""", "Max participants must be at least 1")]
    [InlineData("""{"maxParticipants":10001}""", "Max participants must be at most 10000")]
    [InlineData("""{"emptyTimeout":-1}""", "Empty timeout cannot be negative")]
    [InlineData("""{"metadata":[1]}""", "Metadata must be a JSON object")]
    public async Task AnEditIsValidatedAsACreateIs(string body, string message)
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);

        using var edited = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", owner.AccessToken,
            JsonDocument.Parse(body).RootElement);

        await ApiAssert.ErrorAsync(edited, HttpStatusCode.BadRequest, "ValidationError", message);
        using var read = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}", null);
        Assert.Equal("A stream", (await ApiFixture.ReadJsonAsync(read)).GetProperty("data").GetProperty("title").GetString());
    }

    [Fact]
    public async Task OnlyTheCreatorEditsAndTheUninvitedDoNotSeeAPrivateStreamToEditIt()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var other = await fixture.RegisterAsync("Other");
        var guest = await fixture.StartGuestAsync();
        var id = await fixture.CreateStreamAsync(owner);
        var hidden = await fixture.CreateStreamAsync(owner, "PRIVATE");
        var change = new { title = "Taken over" };

        using var byOther = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", other.AccessToken, change);
        using var byGuest = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", guest.AccessToken, change);
        using var byNobody = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", null, change);
        using var privateByOther = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{hidden}", other.AccessToken, change);

        await ApiAssert.ErrorAsync(byOther, HttpStatusCode.Forbidden, "AuthorizationError", "Only the creator of the livestream can edit it");
        Assert.Equal(HttpStatusCode.Forbidden, byGuest.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byNobody.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, privateByOther.StatusCode);
        using var read = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}", null);
        Assert.Equal("A stream", (await ApiFixture.ReadJsonAsync(read)).GetProperty("data").GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnEndedStreamCanNoLongerBeEdited()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);
        using (await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", owner.AccessToken))
        {
        }

        using var edited = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", owner.AccessToken, new { title = "Late" });

        await ApiAssert.ErrorAsync(edited, HttpStatusCode.Conflict, "ConflictError", "Livestream is ENDED and can no longer be edited");
    }

    private async Task EditTitleAsync(SignedIn owner, string id, string title)
    {
        using var edited = await fixture.SendAsync(HttpMethod.Patch, $"/api/v1/livestreams/{id}", owner.AccessToken, new { title });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
    }

    private async Task<List<string>> ListedTitlesAsync(string title)
    {
        using var list = await fixture.SendAsync(HttpMethod.Get, "/api/v1/livestreams?limit=100", null);
        return [.. (await ApiFixture.ReadJsonAsync(list)).GetProperty("data").EnumerateArray()
            .Where(s => s.GetProperty("title").GetString() == title).Select(s => s.GetProperty("id").GetString()!)];
    }
}
