using System.Net;
using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>
/// UpdateParticipant, MutePublishedTrack and UpdateRoomMetadata through the product's client against the emulator,
/// and the emulator's participant permission as LiveKit derives it from the join token.
/// </summary>
public sealed class ParticipantControlTests : IAsyncLifetime
{
    private const string Room = "live";
    private EmulatorHost _emulator = null!;
    private IHost _host = null!;

    private RoomServiceClient Client => _host.Services.GetRequiredService<RoomServiceClient>();

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _emulator = await EmulatorHost.StartAsync(cancellationToken: ct);
        _host = BuildHost(_emulator.Url);
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
        var tokens = _host.Services.GetRequiredService<AccessTokenIssuer>();
        await EmulatorClient.ConnectAsync(_emulator, tokens.CreateJoinToken(Room, "host-1", "Host One", ParticipantRole.Host, """{"role":"host"}"""), ct);
        await EmulatorClient.ConnectAsync(_emulator, tokens.CreateJoinToken(Room, "viewer-1", "Viewer One", ParticipantRole.Viewer, null), ct);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task TheJoinTokensGrantBecomesThePermission()
    {
        var participants = await Client.ListParticipantsAsync(Room, TestContext.Current.CancellationToken);

        var host = participants.Single(p => p.Identity == "host-1").Permission!;
        var viewer = participants.Single(p => p.Identity == "viewer-1").Permission!;
        Assert.True(host.CanPublish);
        Assert.True(host.CanPublishData);
        Assert.True(host.CanSubscribe);
        Assert.False(host.CanUpdateMetadata);
        Assert.Empty(host.CanPublishSources);
        Assert.False(viewer.CanPublish);
        Assert.False(viewer.CanPublishData);
        Assert.True(viewer.CanSubscribe);
    }

    [Fact]
    public async Task AbsentGrantsTakeLiveKitsDefaultsAndSourcesAndAttributesAreKept()
    {
        var ct = TestContext.Current.CancellationToken;
        // No canPublish/canSubscribe/canPublishData: LiveKit reads them as true (publishing data as publishing).
        await EmulatorClient.ConnectAsync(_emulator, JoinToken("guest",
            """{"roomJoin":true,"room":"live","canPublishSources":["camera","screen_share"],"canUpdateOwnMetadata":true}""",
            """{"seat":"3"}"""), ct);

        var guest = (await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "guest");

        Assert.True(guest.Permission!.CanPublish);
        Assert.True(guest.Permission.CanPublishData);
        Assert.True(guest.Permission.CanSubscribe);
        Assert.True(guest.Permission.CanUpdateMetadata);
        Assert.Equal(["CAMERA", "SCREEN_SHARE"], guest.Permission.CanPublishSources);
        Assert.Equal("3", guest.Attributes["seat"]);
    }

    [Fact]
    public async Task APermissionGivenReplacesTheWholePermission()
    {
        var ct = TestContext.Current.CancellationToken;

        // Only canSubscribe and hidden sent, as protobuf JSON leaves false fields out: everything else becomes false.
        var (status, reply) = await CallAsAdminAsync("UpdateParticipant",
            """{"room":"live","identity":"host-1","permission":{"canSubscribe":true,"hidden":true}}""");
        var host = (await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "host-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(reply.GetProperty("permission").GetProperty("can_publish").GetBoolean());
        Assert.False(host.Permission!.CanPublish);
        Assert.False(host.Permission.CanPublishData);
        Assert.True(host.Permission.CanSubscribe);
        Assert.True(host.Permission.Hidden);
        // Name and metadata were not given, so they stay.
        Assert.Equal("Host One", host.Name);
        Assert.Equal("""{"role":"host"}""", host.Metadata);
    }

    [Fact]
    public async Task NameMetadataAndAttributesChangeOnlyWhereGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.UpdateParticipantAsync(new UpdateParticipantRequest
        {
            Room = Room, Identity = "viewer-1", Attributes = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
        }, ct);

        var updated = await Client.UpdateParticipantAsync(new UpdateParticipantRequest
        {
            Room = Room, Identity = "viewer-1", Name = "Renamed", Metadata = "",
            Attributes = new Dictionary<string, string> { ["a"] = "", ["c"] = "3" },
        }, ct);
        var listed = (await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "viewer-1");

        Assert.Equal("Renamed", updated.Name);
        Assert.Equal("{}", updated.Metadata);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, updated.Attributes);
        Assert.False(updated.Permission!.CanPublish);
        Assert.True(updated.Permission.CanSubscribe);
        Assert.Equal(updated.Name, listed.Name);
        Assert.Equal(updated.Attributes, listed.Attributes);
    }

    [Fact]
    public async Task PublishingIsRefusedOnceCanPublishIsRevoked()
    {
        var ct = TestContext.Current.CancellationToken;
        await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "CAMERA", ct);

        var updated = await Client.UpdateParticipantAsync(new UpdateParticipantRequest
        {
            Room = Room, Identity = "host-1", Permission = new ParticipantPermission { CanSubscribe = true },
        }, ct);
        var (status, refusal) = await EmulatorClient.PublishAsync(_emulator, Room, "host-1", "MICROPHONE", ct);

        Assert.Empty(updated.Tracks);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("NOT_ALLOWED", refusal.GetProperty("reason").GetString());
        Assert.Empty((await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "host-1").Tracks);
    }

    [Fact]
    public async Task AViewerCannotPublishAndARestrictedSourceListIsEnforced()
    {
        var ct = TestContext.Current.CancellationToken;

        var (viewerStatus, _) = await EmulatorClient.PublishAsync(_emulator, Room, "viewer-1", "CAMERA", ct);
        await Client.UpdateParticipantAsync(new UpdateParticipantRequest
        {
            Room = Room, Identity = "viewer-1",
            Permission = new ParticipantPermission { CanSubscribe = true, CanPublish = true, CanPublishSources = ["MICROPHONE"] },
        }, ct);
        var (cameraStatus, _) = await EmulatorClient.PublishAsync(_emulator, Room, "viewer-1", "CAMERA", ct);
        var (microphoneStatus, microphone) = await EmulatorClient.PublishAsync(_emulator, Room, "viewer-1", "MICROPHONE", ct);

        Assert.Equal(HttpStatusCode.Forbidden, viewerStatus);
        Assert.Equal(HttpStatusCode.Forbidden, cameraStatus);
        Assert.Equal(HttpStatusCode.OK, microphoneStatus);
        var track = Assert.Single((await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "viewer-1").Tracks);
        Assert.Equal(microphone.GetProperty("sid").GetString(), track.Sid);
        Assert.Equal("AUDIO", track.Type);
        Assert.Equal("MICROPHONE", track.Source);
    }

    [Fact]
    public async Task MutingReturnsTheMutedTrackAndTheParticipantShowsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var camera = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "CAMERA", ct);
        var microphone = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "MICROPHONE", ct);

        var muted = await Client.MutePublishedTrackAsync(Room, "host-1", microphone, muted: true, ct);
        var tracks = (await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "host-1").Tracks;

        Assert.NotNull(muted);
        Assert.Equal(microphone, muted.Sid);
        Assert.True(muted.Muted);
        Assert.Equal("MICROPHONE", muted.Source);
        Assert.True(tracks.Single(t => t.Sid == microphone).Muted);
        Assert.False(tracks.Single(t => t.Sid == camera).Muted);
    }

    [Fact]
    public async Task UnmutingIsRefusedUnlessRemoteUnmuteIsEnabled()
    {
        var ct = TestContext.Current.CancellationToken;
        var microphone = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "MICROPHONE", ct);
        await Client.MutePublishedTrackAsync(Room, "host-1", microphone, muted: true, ct);

        var error = await Assert.ThrowsAsync<LiveKitException>(
            () => Client.MutePublishedTrackAsync(Room, "host-1", microphone, muted: false, ct));

        Assert.Equal("failed_precondition", error.Code);
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal("remote unmute not enabled", error.Message);
        Assert.True((await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "host-1").Tracks.Single().Muted);
    }

    [Fact]
    public async Task WithRemoteUnmuteEnabledTheServerUnmutes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(o => o.EnableRemoteUnmute = true, ct);
        using var host = BuildHost(emulator.Url);
        var client = host.Services.GetRequiredService<RoomServiceClient>();
        await EmulatorClient.ConnectAsync(emulator, JoinToken("host-1", """{"roomJoin":true,"room":"live"}"""), ct);
        var microphone = await EmulatorClient.PublishTrackAsync(emulator, Room, "host-1", "MICROPHONE", ct);
        await client.MutePublishedTrackAsync(Room, "host-1", microphone, muted: true, ct);

        var unmuted = await client.MutePublishedTrackAsync(Room, "host-1", microphone, muted: false, ct);

        Assert.False(unmuted!.Muted);
        Assert.False((await client.ListParticipantsAsync(Room, ct)).Single().Tracks.Single().Muted);
    }

    [Fact]
    public async Task MutingAnUnknownTrackReturnsNoTrackAndAnAbsentParticipantIsUnavailable()
    {
        var ct = TestContext.Current.CancellationToken;

        var (status, reply) = await CallAsAdminAsync("MutePublishedTrack",
            """{"room":"live","identity":"host-1","trackSid":"TR_nosuchtrack0","muted":true}""");
        var absent = await Assert.ThrowsAsync<LiveKitUnavailableException>(
            () => Client.MutePublishedTrackAsync(Room, "nobody", "TR_nosuchtrack0", muted: true, ct));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("track").ValueKind);
        Assert.Null(await Client.MutePublishedTrackAsync(Room, "host-1", "TR_nosuchtrack0", muted: true, ct));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, absent.StatusCode);
        Assert.Equal("no response from servers", absent.Message);
    }

    [Theory]
    [InlineData(Room, "nobody")]
    [InlineData("no-such-room", "host-1")]
    public async Task UpdatingAnAbsentParticipantIsNotFound(string room, string identity)
    {
        var error = await Assert.ThrowsAsync<LiveKitNotFoundException>(() => Client.UpdateParticipantAsync(
            new UpdateParticipantRequest { Room = room, Identity = identity, Name = "x" }, TestContext.Current.CancellationToken));

        Assert.Equal(TwirpCodes.NotFound, error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("participant does not exist", error.Message);
    }

    [Fact]
    public async Task ANameOverTheLimitIsAnInvalidArgument()
    {
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<LiveKitException>(() => Client.UpdateParticipantAsync(
            new UpdateParticipantRequest { Room = Room, Identity = "host-1", Name = new string('n', 257) }, ct));

        Assert.Equal(TwirpCodes.InvalidArgument, error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("name length exceeds limits 256", error.Message);
        Assert.Equal("name length exceeds limits", error.Meta["argument"]);
        Assert.Equal("Host One", (await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "host-1").Name);
    }

    [Fact]
    public async Task UpdateRoomMetadataSetsItAndAnAbsentRoomIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;

        var room = await Client.UpdateRoomMetadataAsync(Room, """{"title":"Live now"}""", ct);
        var error = await Assert.ThrowsAsync<LiveKitNotFoundException>(() => Client.UpdateRoomMetadataAsync("no-such-room", "{}", ct));

        Assert.Equal("""{"title":"Live now"}""", room.Metadata);
        Assert.Equal(2u, room.NumParticipants);
        Assert.Equal("""{"title":"Live now"}""", Assert.Single(await Client.ListRoomsAsync([Room], ct)).Metadata);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("requested room does not exist", error.Message);
    }

    [Theory]
    [InlineData("UpdateParticipant", """{"roomCreate":true,"roomList":true}""", """{"room":"live","identity":"host-1","metadata":"hacked"}""")]
    [InlineData("UpdateParticipant", """{"roomAdmin":true,"room":"other"}""", """{"room":"live","identity":"host-1","metadata":"hacked"}""")]
    [InlineData("UpdateParticipant", """{"roomAdmin":true}""", """{"room":"live","identity":"host-1","metadata":"hacked"}""")]
    [InlineData("UpdateParticipant", """{"roomJoin":true,"room":"live"}""", """{"room":"live","identity":"host-1","metadata":"hacked"}""")]
    [InlineData("MutePublishedTrack", """{"roomCreate":true}""", """{"room":"live","identity":"host-1","trackSid":"TR_x","muted":true}""")]
    [InlineData("MutePublishedTrack", """{"roomAdmin":true,"room":"other"}""", """{"room":"live","identity":"host-1","trackSid":"TR_x","muted":true}""")]
    public async Task ATokenWithoutRoomAdminForTheRoomIsRefused(string method, string grant, string body)
    {
        var ct = TestContext.Current.CancellationToken;

        var (status, error) = await EmulatorTwirp.CallRoomServiceAsync(_emulator, method, body, EmulatorTwirp.Bearer(grant), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unauthenticated", error.GetProperty("code").GetString());
        Assert.Equal("permissions denied", error.GetProperty("msg").GetString());
        Assert.Equal("""{"role":"host"}""", (await Client.ListParticipantsAsync(Room, ct)).Single(p => p.Identity == "host-1").Metadata);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> CallAsAdminAsync(string method, string body) =>
        EmulatorTwirp.CallRoomServiceAsync(_emulator, method, body, EmulatorTwirp.Bearer("""{"roomAdmin":true,"room":"live"}"""),
            TestContext.Current.CancellationToken);

    /// <summary>A join token with exactly the grant given, as another SDK could mint it.</summary>
    private static string JoinToken(string identity, string videoGrant, string? attributesJson = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var attributes = attributesJson is null ? "" : $",\"attributes\":{attributesJson}";
        return Favorited.LiveKitEmulator.EmulatorJwt.Sign("""{"alg":"HS256"}""",
            $$"""{"iss":"{{EmulatorHost.ApiKey}}","sub":"{{identity}}","nbf":{{now}},"exp":{{now + 600}},"video":{{videoGrant}}{{attributes}}}""",
            EmulatorHost.ApiSecret);
    }

    private static IHost BuildHost(string url)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = url,
            ["LiveKit:ApiKey"] = EmulatorHost.ApiKey,
            ["LiveKit:ApiSecret"] = EmulatorHost.ApiSecret,
        });
        builder.AddLiveKit();
        return builder.Build();
    }
}
