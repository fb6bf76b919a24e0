using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Favorited.Core.LiveState;
using Favorited.LiveKitEmulator;
using Favorited.Core.Livestreams;
using Favorited.Testing;
using Npgsql;

namespace Favorited.Api.Tests;

public sealed class ParticipantsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private HttpClient Client => fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheCreatorJoinsAsHostWithATokenThatMayPublish()
    {
        var stream = await CreateStreamAsync("host-1");

        using var response = await JoinAsync(stream, new { userId = "host-1", displayName = "Host One", role = "HOST" });
        var body = await ApiFixture.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = body.GetProperty("data");
        Assert.Equal(["token", "url", "participant"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(fixture.LiveKit.Url.Replace("http://", "ws://"), data.GetProperty("url").GetString());
        var (_, claims, signatureValid) = EmulatorJwt.Decode(data.GetProperty("token").GetString()!, EmulatorHost.ApiSecret);
        Assert.True(signatureValid);
        Assert.Equal("host-1", claims.GetProperty("sub").GetString());
        Assert.Equal("Host One", claims.GetProperty("name").GetString());
        Assert.Equal(stream.LivekitRoom, claims.GetProperty("video").GetProperty("room").GetString());
        Assert.True(claims.GetProperty("video").GetProperty("canPublish").GetBoolean());
        Assert.True(claims.GetProperty("video").GetProperty("canPublishData").GetBoolean());

        var participant = data.GetProperty("participant");
        // The original's fields in its order, then issue 20's (why the host ended the session, a raised hand).
        Assert.Equal(
            ["id", "livestreamId", "userId", "displayName", "role", "status", "metadata", "livekitParticipantSid",
             "livekitRoomSid", "joinedAt", "leftAt", "leaveReason", "handRaisedAt"],
            participant.EnumerateObject().Select(p => p.Name));
        Assert.Equal(stream.Id, participant.GetProperty("livestreamId").GetString());
        Assert.Equal("HOST", participant.GetProperty("role").GetString());
        Assert.Equal("JOINED", participant.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, participant.GetProperty("livekitParticipantSid").ValueKind);
        Assert.Equal(JsonValueKind.Null, participant.GetProperty("leftAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, participant.GetProperty("leaveReason").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", participant.GetProperty("joinedAt").GetString());
    }

    [Fact]
    public async Task AViewersTokenMayOnlySubscribeAndCarriesTheMetadata()
    {
        var stream = await CreateStreamAsync("host-1");

        using var response = await JoinAsync(stream, new { userId = "viewer-1", displayName = "Viewer One", role = "VIEWER", metadata = new { device = "web" } });
        var data = (await ApiFixture.ReadJsonAsync(response)).GetProperty("data");

        var (_, claims, _) = EmulatorJwt.Decode(data.GetProperty("token").GetString()!, EmulatorHost.ApiSecret);
        Assert.False(claims.GetProperty("video").GetProperty("canPublish").GetBoolean());
        Assert.False(claims.GetProperty("video").GetProperty("canPublishData").GetBoolean());
        Assert.True(claims.GetProperty("video").GetProperty("canSubscribe").GetBoolean());
        Assert.Equal("""{"device":"web"}""", claims.GetProperty("metadata").GetString());
        Assert.Equal("""{"device":"web"}""", data.GetProperty("participant").GetProperty("metadata").GetRawText());
    }

    [Theory]
    [InlineData("""{"displayName":"V","role":"VIEWER"}""", "User ID is required")]
    [InlineData("""{"userId":"v","role":"VIEWER"}""", "Display name is required")]
    [InlineData("""{"userId":"v","displayName":"V"}""", "Role must be either HOST or VIEWER")]
    [InlineData("""{"userId":"v","displayName":"V","role":"ADMIN"}""", "Role must be either HOST or VIEWER")]
    [InlineData("""{"userId":"v","displayName":"V","role":"viewer"}""", "Role must be either HOST or VIEWER")]
    [InlineData("""{"userId":"v","displayName":"V","role":"VIEWER","metadata":"text"}""", "Metadata must be a JSON object")]
    [InlineData("""{"userId":"v","displayName":"视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视视","role":"VIEWER"}""",
        "Display name must be at most 100 characters (256 bytes)")]
    public async Task InvalidJoinsAre400(string json, string message)
    {
        var stream = await CreateStreamAsync("host-1");

        using var response = await Client.PostAsync($"/api/v1/livestreams/{stream.Id}/join",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError", message);
    }

    [Fact]
    public async Task JoiningIsRefusedForUnknownEndedDuplicateAndImpostorHosts()
    {
        var stream = await CreateStreamAsync("host-1");
        await JoinAsync(stream, new { userId = "viewer-1", displayName = "V1", role = "VIEWER" });

        using var unknown = await Client.PostAsJsonAsync("/api/v1/livestreams/00000000-0000-0000-0000-000000000000/join",
            new { userId = "u", displayName = "U", role = "VIEWER" }, Ct);
        using var duplicate = await JoinAsync(stream, new { userId = "viewer-1", displayName = "V1", role = "VIEWER" });
        using var impostor = await JoinAsync(stream, new { userId = "viewer-3", displayName = "V3", role = "HOST" });
        // Being an active participant already is said first, as the original checked it first.
        using var joinedImpostor = await JoinAsync(stream, new { userId = "viewer-1", displayName = "V1", role = "HOST" });
        await EndStreamAsync(stream, "host-1");
        using var ended = await JoinAsync(stream, new { userId = "viewer-9", displayName = "V9", role = "VIEWER" });

        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NotFoundError",
            "Livestream with ID 00000000-0000-0000-0000-000000000000 not found");
        await ApiAssert.ErrorAsync(duplicate, HttpStatusCode.Conflict, "ConflictError", "User is already an active participant in this livestream");
        await ApiAssert.ErrorAsync(impostor, HttpStatusCode.Forbidden, "AuthorizationError", "Only the livestream creator can join as HOST");
        await ApiAssert.ErrorAsync(joinedImpostor, HttpStatusCode.Conflict, "ConflictError", "User is already an active participant in this livestream");
        await ApiAssert.ErrorAsync(ended, HttpStatusCode.BadRequest, "ValidationError", "Cannot join livestream with status ENDED. Livestream must be LIVE.");
    }

    [Fact]
    public async Task TwoSimultaneousJoinsOfOneUserGiveOne200AndOne409()
    {
        var stream = await CreateStreamAsync("host-1");
        var body = new { userId = "racer", displayName = "R", role = "VIEWER" };

        var responses = await Task.WhenAll(JoinAsync(stream, body), JoinAsync(stream, body));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var joined = await GetParticipantsAsync(stream, "?status=JOINED");
        Assert.Single(joined.EnumerateArray());
    }

    [Fact]
    public async Task AJoinWhileTheStreamIsBeingEndedWaitsAndIsRefused()
    {
        var stream = await CreateStreamAsync("host-1");
        // An end that has changed the row but not committed yet, as the end through the API or LiveKit's room_finished does.
        await using var ending = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await ending.OpenAsync(Ct);
        await using var transaction = await ending.BeginTransactionAsync(Ct);
        await using (var end = new NpgsqlCommand(
            "UPDATE livestreams SET status = 'ENDED', ended_at = now() WHERE id = $1", ending, transaction))
        {
            end.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(stream.Id) });
            Assert.Equal(1, await end.ExecuteNonQueryAsync(Ct));
        }

        var join = JoinAsync(stream, new { userId = "late", displayName = "Late", role = "VIEWER" });
        // The join waits for the end (a lock wait shows in pg_locks) rather than reading the stream as it was before it.
        await Eventually.MatchesAsync(async () => join.IsCompleted || await IsWaitingForALockAsync(), done => done,
            TimeSpan.FromSeconds(30), "the join to finish or wait for the end", Ct);
        await using (var leave = new NpgsqlCommand(
            "UPDATE participants SET status = 'LEFT', left_at = now() WHERE livestream_id = $1 AND status = 'JOINED'", ending, transaction))
        {
            leave.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(stream.Id) });
            await leave.ExecuteNonQueryAsync(Ct);
        }
        await transaction.CommitAsync(Ct);

        using var response = await join;
        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError",
            "Cannot join livestream with status ENDED. Livestream must be LIVE.");
        Assert.Empty((await GetParticipantsAsync(stream, "?status=JOINED")).EnumerateArray());

        async Task<bool> IsWaitingForALockAsync()
        {
            await using var probe = new NpgsqlConnection(fixture.DatabaseConnectionString);
            await probe.OpenAsync(Ct);
            await using var waiting = new NpgsqlCommand("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """, probe);
            return (long)(await waiting.ExecuteScalarAsync(Ct))! > 0;
        }
    }

    [Fact]
    public async Task AParticipantWhoNeverConnectedCanLeaveAndRejoin()
    {
        var stream = await CreateStreamAsync("host-1");
        await JoinAsync(stream, new { userId = "viewer-2", displayName = "V2", role = "VIEWER" });

        using var leave = await LeaveAsync(stream, "viewer-2");
        using var rejoin = await JoinAsync(stream, new { userId = "viewer-2", displayName = "V2", role = "VIEWER" });

        Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rejoin.StatusCode);
        var left = Assert.Single((await GetParticipantsAsync(stream, "?status=LEFT")).EnumerateArray());
        Assert.Equal("viewer-2", left.GetProperty("userId").GetString());
        Assert.Matches(@"^\d{4}-", left.GetProperty("leftAt").GetString());
        Assert.Single((await GetParticipantsAsync(stream, "?status=JOINED")).EnumerateArray());
    }

    [Fact]
    public async Task LeaveIsIdempotentAndTakesTheUserOutOfTheLiveKitRoom()
    {
        var stream = await CreateStreamAsync("host-1");
        using var join = await JoinAsync(stream, new { userId = "viewer-1", displayName = "V1", role = "VIEWER" });
        var token = (await ApiFixture.ReadJsonAsync(join)).GetProperty("data").GetProperty("token").GetString()!;
        await EmulatorClient.ConnectAsync(fixture.LiveKit, token, Ct);
        Assert.True(fixture.LiveKit.Rooms.Find(stream.LivekitRoom)!.Participants.ContainsKey("viewer-1"));

        using var first = await LeaveAsync(stream, "viewer-1");
        using var second = await LeaveAsync(stream, "viewer-1");
        var body = await ApiFixture.ReadJsonAsync(second);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("""{"success":true,"message":"Left livestream successfully"}""", body.GetRawText());
        Assert.False(fixture.LiveKit.Rooms.Find(stream.LivekitRoom)!.Participants.ContainsKey("viewer-1"));
    }

    [Fact]
    public async Task LeavingTakesTheUserOutOfTheLiveState()
    {
        var stream = await CreateStreamAsync("host-1");
        await JoinAsync(stream, new { userId = "viewer-1", displayName = "V1", role = "VIEWER" });
        var liveState = fixture.Api.Services.GetRequiredService<LiveStateStore>();
        await liveState.ParticipantConnectedAsync(Guid.Parse(stream.Id), "viewer-1", Favorited.Core.Data.ParticipantRole.Viewer);

        await LeaveAsync(stream, "viewer-1");
        var state = (await liveState.GetAsync(Guid.Parse(stream.Id)))!;

        Assert.Empty(state.Participants);
        Assert.Equal(0, state.ViewerCount);
        Assert.Equal(1, state.TotalViewers);
    }

    [Fact]
    public async Task LeaveNeedsAUserAndAKnownStream()
    {
        var stream = await CreateStreamAsync("host-1");

        using var missingUser = await Client.PostAsJsonAsync($"/api/v1/livestreams/{stream.Id}/leave", new { }, Ct);
        using var unknown = await Client.PostAsJsonAsync("/api/v1/livestreams/00000000-0000-0000-0000-000000000000/leave",
            new { userId = "u" }, Ct);

        await ApiAssert.ErrorAsync(missingUser, HttpStatusCode.BadRequest, "ValidationError", "User ID is required");
        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NotFoundError");
    }

    [Fact]
    public async Task ParticipantsAreFilteredPagedAndNewestFirst()
    {
        var stream = await CreateStreamAsync("host-1");
        await JoinAsync(stream, new { userId = "host-1", displayName = "H", role = "HOST" });
        await JoinAsync(stream, new { userId = "viewer-1", displayName = "V1", role = "VIEWER" });
        await JoinAsync(stream, new { userId = "viewer-2", displayName = "V2", role = "VIEWER" });
        await LeaveAsync(stream, "viewer-1");

        var all = await GetParticipantsAsync(stream, "");
        var hosts = await GetParticipantsAsync(stream, "?role=HOST&limit=1");
        var joinedViewers = await GetParticipantsAsync(stream, "?status=JOINED&role=VIEWER");
        var unknown = await GetParticipantsAsync(new StreamRef("00000000-0000-0000-0000-000000000000", ""), "");
        using var badFilter = await Client.GetAsync($"/api/v1/livestreams/{stream.Id}/participants?role=ADMIN", Ct);

        Assert.Equal(["viewer-2", "viewer-1", "host-1"], all.EnumerateArray().Select(p => p.GetProperty("userId").GetString()));
        Assert.Equal("host-1", Assert.Single(hosts.EnumerateArray()).GetProperty("userId").GetString());
        Assert.Equal("viewer-2", Assert.Single(joinedViewers.EnumerateArray()).GetProperty("userId").GetString());
        Assert.Empty(unknown.EnumerateArray());
        await ApiAssert.ErrorAsync(badFilter, HttpStatusCode.BadRequest, "ValidationError", "role must be one of VIEWER, HOST");
    }

    [Fact]
    public async Task AJoinTokenKeptFromAnEndedStreamDoesNotOpenTheNextStreamOfTheSameRoomName()
    {
        var roomName = $"reused-{Guid.NewGuid():N}";
        var earlier = await CreateStreamAsync("host-1", roomName);
        using var earlierJoin = await JoinAsync(earlier, new { userId = "host-1", displayName = "Host", role = "HOST" });
        var keptToken = (await ApiFixture.ReadJsonAsync(earlierJoin)).GetProperty("data").GetProperty("token").GetString()!;
        await EndStreamAsync(earlier, "host-1");

        var later = await CreateStreamAsync("host-2", roomName);
        await EmulatorClient.ConnectAsync(fixture.LiveKit, keptToken, Ct);

        // LiveKit tokens name only a room, and each stream has a room of its own, so the kept token leads elsewhere.
        var (_, claims, _) = EmulatorJwt.Decode(keptToken, EmulatorHost.ApiSecret);
        Assert.Equal(earlier.LivekitRoom, claims.GetProperty("video").GetProperty("room").GetString());
        Assert.NotEqual(earlier.LivekitRoom, later.LivekitRoom);
        Assert.Empty(fixture.LiveKit.Rooms.Find(later.LivekitRoom)!.Participants);
    }

    /// <param name="LivekitRoom">The stream's LiveKit room (named per stream, see LiveKitRooms).</param>
    private sealed record StreamRef(string Id, string LivekitRoom);

    private async Task<StreamRef> CreateStreamAsync(string createdBy, string? roomName = null)
    {
        var data = await fixture.CreateLivestreamAsync(new { roomName = roomName ?? $"room-{Guid.NewGuid():N}", title = "t", createdBy });
        return new StreamRef(data.GetProperty("id").GetString()!,
            LiveKitRooms.NameFor(data.GetProperty("roomName").GetString()!, data.GetProperty("id").GetGuid()));
    }

    private Task<HttpResponseMessage> JoinAsync(StreamRef stream, object body) =>
        Client.PostAsJsonAsync($"/api/v1/livestreams/{stream.Id}/join", body, Ct);

    private Task<HttpResponseMessage> LeaveAsync(StreamRef stream, string userId) =>
        Client.PostAsJsonAsync($"/api/v1/livestreams/{stream.Id}/leave", new { userId }, Ct);

    private async Task EndStreamAsync(StreamRef stream, string userId)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{stream.Id}")
        {
            Content = JsonContent.Create(new { requestingUserId = userId }),
        }, Ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> GetParticipantsAsync(StreamRef stream, string query)
    {
        using var response = await Client.GetAsync($"/api/v1/livestreams/{stream.Id}/participants{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.Equal(body.GetProperty("data").GetArrayLength(), body.GetProperty("count").GetInt32());
        return body.GetProperty("data");
    }
}
