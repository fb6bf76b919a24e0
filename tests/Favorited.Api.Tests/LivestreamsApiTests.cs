using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Favorited.Core.Livestreams;
using Favorited.Testing;

namespace Favorited.Api.Tests;

public sealed class LivestreamsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string TimestampPattern = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$";
    private HttpClient Client => fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAnswers201WithTheLiveStreamFieldByField()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/livestreams", new
        {
            roomName = "  Baseline Room #1 ", title = "Baseline Stream", description = "behaviour baseline",
            createdBy = "host-user-1", maxParticipants = 50, metadata = new { category = "test" },
        }, Ct);
        var body = await ApiFixture.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(body.GetProperty("success").GetBoolean());
        var data = body.GetProperty("data");
        // The original's fields in its order, then Favorited's own (which its clients ignore).
        Assert.Equal(
            ["id", "roomName", "title", "description", "status", "createdBy", "maxParticipants", "emptyTimeout",
             "metadata", "createdAt", "updatedAt", "startedAt", "endedAt", "visibility", "broadcasting"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.Equal("PUBLIC", data.GetProperty("visibility").GetString());
        Assert.False(data.GetProperty("broadcasting").GetBoolean());
        Assert.True(Guid.TryParse(data.GetProperty("id").GetString(), out var id));
        Assert.Equal("baseline-room-1", data.GetProperty("roomName").GetString());
        Assert.Equal("Baseline Stream", data.GetProperty("title").GetString());
        Assert.Equal("behaviour baseline", data.GetProperty("description").GetString());
        Assert.Equal("LIVE", data.GetProperty("status").GetString());
        Assert.Equal("host-user-1", data.GetProperty("createdBy").GetString());
        Assert.Equal(50, data.GetProperty("maxParticipants").GetInt32());
        Assert.Equal(86400, data.GetProperty("emptyTimeout").GetInt32());
        Assert.Equal("""{"category":"test"}""", data.GetProperty("metadata").GetRawText());
        Assert.Matches(TimestampPattern, data.GetProperty("createdAt").GetString());
        Assert.Matches(TimestampPattern, data.GetProperty("updatedAt").GetString());
        Assert.Matches(TimestampPattern, data.GetProperty("startedAt").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("endedAt").ValueKind);
        Assert.Equal($"/api/v1/livestreams/{id}", response.Headers.Location?.ToString());

        var room = fixture.LiveKit.Rooms.Find(LiveKitRooms.NameFor("baseline-room-1", id));
        Assert.NotNull(room);
        Assert.Equal(50u, room.MaxParticipants);
        Assert.Equal(86400u, room.EmptyTimeout);
        Assert.Equal("""{"category":"test"}""", room.Metadata);
    }

    [Fact]
    public async Task OptionalFieldsTakeTheOriginalsDefaults()
    {
        var data = await fixture.CreateLivestreamAsync(new { roomName = "defaults", title = "Second", createdBy = "host-2" });

        Assert.Equal(JsonValueKind.Null, data.GetProperty("description").ValueKind);
        Assert.Equal(100, data.GetProperty("maxParticipants").GetInt32());
        Assert.Equal(86400, data.GetProperty("emptyTimeout").GetInt32());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("metadata").ValueKind);
    }

    [Fact]
    public async Task ASecondActiveStreamOfTheSameRoomIs409()
    {
        await fixture.CreateLivestreamAsync(new { roomName = "Taken Room", title = "t", createdBy = "u" });

        using var response = await Client.PostAsJsonAsync("/api/v1/livestreams",
            new { roomName = "taken-room", title = "t", createdBy = "someone-else" }, Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Conflict, "ConflictError", "A livestream with room name 'taken-room' is already active");
    }

    [Fact]
    public async Task TwoSimultaneousCreatesOfOneRoomGiveOne201AndOne409()
    {
        var body = new { roomName = "race-room", title = "t", createdBy = "u" };

        var responses = await Task.WhenAll(
            Client.PostAsJsonAsync("/api/v1/livestreams", body, Ct),
            Client.PostAsJsonAsync("/api/v1/livestreams", body, Ct));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    public static TheoryData<string, string> InvalidCreations => new()
    {
        { """{"title":"t","createdBy":"u"}""", "Room name is required" },
        { """{"roomName":"   ","title":"t","createdBy":"u"}""", "Room name is required" },
        { """{"roomName":"x","createdBy":"u"}""", "Title is required" },
        { """{"roomName":"x","title":"t"}""", "Creator ID (createdBy) is required" },
        { """{"roomName":"x","title":"t","createdBy":"u","maxParticipants":0}""", "Max participants must be at least 1" },
        { """{"roomName":"x","title":"t","createdBy":"u","emptyTimeout":-1}""", "Empty timeout cannot be negative" },
        { """{"roomName":"!!!","title":"t","createdBy":"u"}""", "Room name must contain at least one letter, digit, '-' or '_'" },
        { $$"""{"roomName":"{{new string('a', 129)}}","title":"t","createdBy":"u"}""", "Room name must be at most 128 characters" },
        { $$"""{"roomName":"x","title":"{{new string('t', 201)}}","createdBy":"u"}""", "Title must be at most 200 characters" },
        { $$"""{"roomName":"x","title":"t","createdBy":"u","description":"{{new string('d', 2001)}}"}""", "Description must be at most 2000 characters" },
        { """{"roomName":"x","title":"t","createdBy":"u","maxParticipants":10001}""", "Max participants must be at most 10000" },
        { """{"roomName":"x","title":"t","createdBy":"u","emptyTimeout":86401}""", "Empty timeout must be at most 86400 seconds" },
        { """{"roomName":"x","title":"t","createdBy":"u","metadata":[1,2]}""", "Metadata must be a JSON object" },
        { $$$"""{"roomName":"x","title":"t","createdBy":"u","metadata":{"big":"{{{new string('m', 8200)}}}"}}""", "Metadata must be at most 8 KB" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreations))]
    public async Task InvalidCreationsAre400WithTheReason(string json, string message)
    {
        using var response = await Client.PostAsync("/api/v1/livestreams", Json(json), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError", message);
    }

    [Theory]
    [InlineData("""{"roomName":""")]
    [InlineData("""{"roomName":"x","title":123,"createdBy":"u"}""")]
    [InlineData("""{"roomName":"x","title":"t","createdBy":"u","maxParticipants":"many"}""")]
    public async Task MalformedOrMistypedJsonIs400(string json)
    {
        using var response = await Client.PostAsync("/api/v1/livestreams", Json(json), Ct);

        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError");
        Assert.StartsWith("Invalid JSON in request body", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AMissingBodyIs400()
    {
        using var response = await Client.PostAsync("/api/v1/livestreams", Json(""), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError");
    }

    [Fact]
    public async Task AWrongContentTypeIs415()
    {
        using var response = await Client.PostAsync("/api/v1/livestreams",
            new StringContent("""{"roomName":"x","title":"t","createdBy":"u"}""", Encoding.UTF8, "text/plain"), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", "Content-Type must be application/json");
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        var json = $$"""{"roomName":"x","title":"t","createdBy":"u","description":"{{new string('d', 110 * 1024)}}"}""";

        using var response = await Client.PostAsync("/api/v1/livestreams", Json(json), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge", "Request body exceeds 100 KB");
    }

    [Fact]
    public async Task AnUnknownRouteIs404InTheOriginalsShape()
    {
        using var response = await Client.GetAsync("/api/v1/nope?x=1", Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "Not Found", "Route GET /api/v1/nope not found");
    }

    [Fact]
    public async Task AWrongMethodIs405()
    {
        using var response = await Client.PutAsync("/api/v1/livestreams", Json("{}"), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "Method PUT is not allowed on /api/v1/livestreams");
    }

    [Fact]
    public async Task WhenLiveKitIsUnreachableCreateIs502AndTheStreamIsError()
    {
        await using var api = new ServiceFactory<Program>(
            await fixture.CreateSiblingDatabaseAsync(), fixture.RedisConnectionString, $"http://127.0.0.1:{FreeTcpPort.Next()}",
            ApiFixture.OriginalApi);
        using var client = api.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/livestreams", new { roomName = "lk-down", title = "LK down", createdBy = "u-lk" }, Ct);
        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadGateway, "LiveKitError");
        var errored = await ApiFixture.ReadJsonAsync(await client.GetAsync("/api/v1/livestreams?status=ERROR", Ct));

        Assert.StartsWith("Failed to create LiveKit room: ", body.GetProperty("message").GetString());
        var stream = Assert.Single(errored.GetProperty("data").EnumerateArray());
        Assert.Equal("lk-down", stream.GetProperty("roomName").GetString());
        Assert.Equal(JsonValueKind.Null, stream.GetProperty("startedAt").ValueKind);
        // An ERROR stream does not hold its room name.
        Assert.Equal(HttpStatusCode.BadGateway,
            (await client.PostAsJsonAsync("/api/v1/livestreams", new { roomName = "lk-down", title = "again", createdBy = "u-lk" }, Ct)).StatusCode);

        // Ending an ERROR stream keeps it ERROR: it never went live, and its status says so (README, "Ending a stream").
        using var end = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{stream.GetProperty("id").GetString()}")
        {
            Content = JsonContent.Create(new { requestingUserId = "u-lk" }),
        };
        using var ended = await client.SendAsync(end, Ct);
        var endedBody = await ApiFixture.ReadJsonAsync(ended);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("ERROR", endedBody.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, endedBody.GetProperty("data").GetProperty("endedAt").ValueKind);
    }

    [Fact]
    public async Task ListFiltersPagesAndOrdersNewestFirst()
    {
        var creator = $"lister-{Guid.NewGuid():N}";
        foreach (var n in Enumerable.Range(1, 3))
        {
            await fixture.CreateLivestreamAsync(new { roomName = $"{creator}-{n}", title = $"t{n}", createdBy = creator });
        }

        var all = await GetJsonAsync($"/api/v1/livestreams?createdBy={creator}");
        var page = await GetJsonAsync($"/api/v1/livestreams?createdBy={creator}&limit=1&offset=1");
        var live = await GetJsonAsync($"/api/v1/livestreams?createdBy={creator}&status=LIVE");
        var ended = await GetJsonAsync($"/api/v1/livestreams?createdBy={creator}&status=ENDED");

        Assert.Equal(["t3", "t2", "t1"], all.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("title").GetString()));
        Assert.Equal(3, all.GetProperty("count").GetInt32());
        Assert.Equal("t2", Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal(1, page.GetProperty("count").GetInt32());
        Assert.Equal(3, live.GetProperty("count").GetInt32());
        Assert.Equal(0, ended.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("limit=0", "limit must be an integer from 1 to 100")]
    [InlineData("limit=101", "limit must be an integer from 1 to 100")]
    [InlineData("limit=ten", "limit must be an integer from 1 to 100")]
    [InlineData("offset=-1", "offset must be an integer of at least 0")]
    [InlineData("status=BOGUS", "status must be one of SCHEDULED, LIVE, ENDED, ERROR")]
    [InlineData("status=live", "status must be one of SCHEDULED, LIVE, ENDED, ERROR")]
    public async Task InvalidListQueriesAre400(string query, string message)
    {
        using var response = await Client.GetAsync($"/api/v1/livestreams?{query}", Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError", message);
    }

    [Fact]
    public async Task ListReturnsAtMostTwentyByDefault()
    {
        var creator = $"many-{Guid.NewGuid():N}";
        await Task.WhenAll(Enumerable.Range(1, 21).Select(n =>
            fixture.CreateLivestreamAsync(new { roomName = $"{creator}-{n}", title = "t", createdBy = creator })));

        var page = await GetJsonAsync($"/api/v1/livestreams?createdBy={creator}");

        Assert.Equal(20, page.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task GetReturnsTheStreamAndUnknownOrMalformedIdsAre404()
    {
        var created = await fixture.CreateLivestreamAsync(new { roomName = "gettable", title = "t", createdBy = "u" });
        var id = created.GetProperty("id").GetString();

        var found = await GetJsonAsync($"/api/v1/livestreams/{id}");
        using var unknown = await Client.GetAsync("/api/v1/livestreams/00000000-0000-0000-0000-000000000000", Ct);
        using var malformed = await Client.GetAsync("/api/v1/livestreams/not-a-guid", Ct);

        Assert.Equal(created.GetRawText(), found.GetProperty("data").GetRawText());
        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NotFoundError",
            "Livestream with ID 00000000-0000-0000-0000-000000000000 not found");
        await ApiAssert.ErrorAsync(malformed, HttpStatusCode.NotFound, "NotFoundError", "Livestream with ID not-a-guid not found");
    }

    [Fact]
    public async Task DeleteEndsTheStreamForItsCreatorOnlyAndIsIdempotent()
    {
        var created = await fixture.CreateLivestreamAsync(new { roomName = "deletable", title = "t", createdBy = "owner" });
        var path = $"/api/v1/livestreams/{created.GetProperty("id").GetString()}";

        using var missingUser = await DeleteAsync(path, new { });
        using var stranger = await DeleteAsync(path, new { requestingUserId = "stranger" });
        using var owner = await DeleteAsync(path, new { requestingUserId = "owner" });
        var ended = await ApiFixture.ReadJsonAsync(owner);
        using var again = await DeleteAsync(path, new { requestingUserId = "owner" });
        var endedAgain = await ApiFixture.ReadJsonAsync(again);
        using var strangerAfterEnd = await DeleteAsync(path, new { requestingUserId = "stranger" });
        using var unknown = await DeleteAsync("/api/v1/livestreams/00000000-0000-0000-0000-000000000000", new { requestingUserId = "owner" });

        await ApiAssert.ErrorAsync(missingUser, HttpStatusCode.BadRequest, "ValidationError", "requestingUserId is required in request body");
        await ApiAssert.ErrorAsync(stranger, HttpStatusCode.Forbidden, "AuthorizationError", "Only the creator of the livestream can delete it");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal("Livestream deleted successfully", ended.GetProperty("message").GetString());
        Assert.Equal("ENDED", ended.GetProperty("data").GetProperty("status").GetString());
        Assert.Matches(TimestampPattern, ended.GetProperty("data").GetProperty("endedAt").GetString());
        Assert.Null(fixture.LiveKit.Rooms.Find(LiveKitRooms.NameFor("deletable", created.GetProperty("id").GetGuid())));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(ended.GetProperty("data").GetRawText(), endedAgain.GetProperty("data").GetRawText());
        await ApiAssert.ErrorAsync(strangerAfterEnd, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NotFoundError");
    }

    [Fact]
    public async Task DeleteSucceedsWhenTheRoomIsAlreadyGoneFromLiveKit()
    {
        var created = await fixture.CreateLivestreamAsync(new { roomName = "vanished", title = "t", createdBy = "owner" });
        lock (fixture.LiveKit.Rooms.Sync)
        {
            Assert.True(fixture.LiveKit.Rooms.Remove(LiveKitRooms.NameFor("vanished", created.GetProperty("id").GetGuid())));
        }

        using var response = await DeleteAsync($"/api/v1/livestreams/{created.GetProperty("id").GetString()}", new { requestingUserId = "owner" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StateStartsWithTheStreamAndEndsWithIt()
    {
        var created = await fixture.CreateLivestreamAsync(new { roomName = "stateful", title = "Stateful", createdBy = "owner" });
        var id = created.GetProperty("id").GetString();

        var live = (await GetJsonAsync($"/api/v1/livestreams/{id}/state")).GetProperty("data");
        using var delete = await DeleteAsync($"/api/v1/livestreams/{id}", new { requestingUserId = "owner" });
        var ended = (await GetJsonAsync($"/api/v1/livestreams/{id}/state")).GetProperty("data");

        Assert.Equal(
            ["streamId", "status", "participants", "startedAt", "viewerCount", "totalViewers", "peakViewerCount", "hostInfo"],
            live.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, live.GetProperty("streamId").GetString());
        Assert.Equal("LIVE", live.GetProperty("status").GetString());
        Assert.Equal(0, live.GetProperty("participants").GetArrayLength());
        Assert.Equal(created.GetProperty("startedAt").GetString(), live.GetProperty("startedAt").GetString());
        Assert.Equal(0, live.GetProperty("viewerCount").GetInt32());
        Assert.Equal("owner", live.GetProperty("hostInfo").GetProperty("userId").GetString());
        Assert.Equal("ENDED", ended.GetProperty("status").GetString());
    }

    [Fact]
    public async Task StateOfAnUnknownStreamIs404()
    {
        using var unknown = await Client.GetAsync("/api/v1/livestreams/00000000-0000-0000-0000-000000000000/state", Ct);
        using var malformed = await Client.GetAsync("/api/v1/livestreams/not-a-guid/state", Ct);

        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NotFoundError", "Stream state not found");
        await ApiAssert.ErrorAsync(malformed, HttpStatusCode.NotFound, "NotFoundError", "Stream state not found");
    }

    [Fact]
    public async Task StatesOfSeveralStreamsComeInOneAnswerWithoutTheUnknownOnes()
    {
        var first = (await fixture.CreateLivestreamAsync(new { roomName = "states-1", title = "One", createdBy = "owner" })).GetProperty("id").GetString();
        var second = (await fixture.CreateLivestreamAsync(new { roomName = "states-2", title = "Two", createdBy = "owner" })).GetProperty("id").GetString();
        using var delete = await DeleteAsync($"/api/v1/livestreams/{second}", new { requestingUserId = "owner" });
        var unknown = Guid.NewGuid();

        var body = await GetJsonAsync($"/api/v1/livestreams/state?ids={second},{unknown},{first},{second}");

        var data = body.GetProperty("data");
        Assert.Equal(2, body.GetProperty("count").GetInt32());
        Assert.Equal([second, first], data.EnumerateArray().Select(s => s.GetProperty("streamId").GetString()));
        Assert.Equal(["ENDED", "LIVE"], data.EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(
            (await GetJsonAsync($"/api/v1/livestreams/{first}/state")).GetProperty("data").GetRawText(),
            data[1].GetRawText());
    }

    [Theory]
    [InlineData("", "ids is required: comma-separated livestream ids")]
    [InlineData("?ids=,", "ids is required: comma-separated livestream ids")]
    [InlineData("?ids=00000000-0000-0000-0000-000000000001,nope", "ids must be livestream ids; 'nope' is not one")]
    public async Task StatesWithoutValidIdsAre400(string query, string message)
    {
        using var response = await Client.GetAsync($"/api/v1/livestreams/state{query}", Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError", message);
    }

    [Fact]
    public async Task StatesOfMoreThanAPageOfStreamsAre400()
    {
        var ids = string.Join(',', Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()));

        using var response = await Client.GetAsync($"/api/v1/livestreams/state?ids={ids}", Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError", "ids may name at most 100 livestreams");
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiFixture.ReadJsonAsync(response);
    }

    private Task<HttpResponseMessage> DeleteAsync(string path, object body) =>
        Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = JsonContent.Create(body) }, Ct);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
