using System.Net;
using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>The RoomService client against the emulator, over real HTTP, wired as the services wire it.</summary>
public sealed class RoomServiceClientTests : IAsyncLifetime
{
    private EmulatorHost _emulator = null!;
    private IHost _host = null!;

    private RoomServiceClient Client => _host.Services.GetRequiredService<RoomServiceClient>();

    public async ValueTask InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _host = BuildHost(_emulator.Url, EmulatorHost.ApiSecret);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task CreateRoomReturnsTheRoomWithLiveKitsDefaults()
    {
        var ct = TestContext.Current.CancellationToken;

        var room = await Client.CreateRoomAsync(new CreateRoomRequest
        {
            Name = "stream-1", EmptyTimeout = 600, MaxParticipants = 50, Metadata = """{"category":"music"}""",
        }, ct);

        Assert.StartsWith("RM_", room.Sid);
        Assert.Equal(15, room.Sid.Length);
        Assert.Equal("stream-1", room.Name);
        Assert.Equal(600u, room.EmptyTimeout);
        Assert.Equal(20u, room.DepartureTimeout);
        Assert.Equal(50u, room.MaxParticipants);
        Assert.Equal("""{"category":"music"}""", room.Metadata);
        Assert.InRange(room.CreationTime, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(room.CreationTime, room.CreationTimeMs / 1000);
    }

    [Fact]
    public async Task CreatingAnExistingRoomReturnsItUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await Client.CreateRoomAsync(new CreateRoomRequest { Name = "same", MaxParticipants = 5 }, ct);

        var second = await Client.CreateRoomAsync(new CreateRoomRequest { Name = "same", MaxParticipants = 99 }, ct);

        Assert.Equal(first.Sid, second.Sid);
        Assert.Equal(5u, second.MaxParticipants);
    }

    [Fact]
    public async Task ListRoomsReturnsAllOrTheNamedOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = "a" }, ct);
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = "b" }, ct);

        var all = await Client.ListRoomsAsync(null, ct);
        var named = await Client.ListRoomsAsync(["b", "missing"], ct);

        Assert.Equal(["a", "b"], all.Select(r => r.Name).Order());
        Assert.Equal("b", Assert.Single(named).Name);
    }

    [Fact]
    public async Task DeleteRoomRemovesItAndAMissingRoomIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = "doomed" }, ct);

        await Client.DeleteRoomAsync("doomed", ct);
        var error = await Assert.ThrowsAsync<LiveKitNotFoundException>(() => Client.DeleteRoomAsync("doomed", ct));

        Assert.Empty(await Client.ListRoomsAsync(["doomed"], ct));
        Assert.Equal(TwirpCodes.NotFound, error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("requested room does not exist", error.Message);
    }

    [Fact]
    public async Task ParticipantsAreListedAndRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = "party" }, ct);
        await ConnectHostAndViewerAsync("party", ct);

        var listed = await Client.ListParticipantsAsync("party", ct);
        await Client.RemoveParticipantAsync("party", "viewer-1", ct);
        var afterRemoval = await Client.ListParticipantsAsync("party", ct);

        Assert.Equal(["host-1", "viewer-1"], listed.Select(p => p.Identity).Order());
        var viewer = listed.Single(p => p.Identity == "viewer-1");
        Assert.StartsWith("PA_", viewer.Sid);
        Assert.Equal("Viewer One", viewer.Name);
        Assert.Equal("ACTIVE", viewer.State);
        Assert.Equal("STANDARD", viewer.Kind);
        Assert.Equal("""{"device":"web"}""", viewer.Metadata);
        Assert.True(viewer.JoinedAt > 0);
        Assert.Equal("host-1", Assert.Single(afterRemoval).Identity);
    }

    [Fact]
    public async Task MissingParticipantsAndRoomsAreNotFoundOrEmpty()
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = "lonely" }, ct);

        Assert.Empty(await Client.ListParticipantsAsync("no-such-room", ct));
        var remove = await Assert.ThrowsAsync<LiveKitNotFoundException>(() => Client.RemoveParticipantAsync("lonely", "nobody", ct));

        Assert.Equal("participant does not exist", remove.Message);
    }

    // GetParticipant and UpdateRoomMetadata are part of the emulator's LiveKit, though Favorited does not call them.
    [Fact]
    public async Task TheEmulatorReadsAParticipant()
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = "party" }, ct);
        await ConnectHostAndViewerAsync("party", ct);

        var (status, viewer) = await CallAsAdminOfAsync("party", "GetParticipant", """{"room":"party","identity":"viewer-1"}""");
        var (missingStatus, missing) = await CallAsAdminOfAsync("party", "GetParticipant", """{"room":"party","identity":"nobody"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("PA_", viewer.GetProperty("sid").GetString());
        Assert.Equal("viewer-1", viewer.GetProperty("identity").GetString());
        Assert.Equal("Viewer One", viewer.GetProperty("name").GetString());
        Assert.Equal("""{"device":"web"}""", viewer.GetProperty("metadata").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("not_found", missing.GetProperty("code").GetString());
        Assert.Equal("participant does not exist", missing.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task TheEmulatorUpdatesRoomMetadata()
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.CreateRoomAsync(new CreateRoomRequest { Name = "meta" }, ct);

        var (status, updated) = await CallAsAdminOfAsync("meta", "UpdateRoomMetadata", """{"room":"meta","metadata":"{\"title\":\"new\"}"}""");
        var (missingStatus, missing) = await CallAsAdminOfAsync("no-such-room", "UpdateRoomMetadata", """{"room":"no-such-room","metadata":"{}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"title":"new"}""", updated.GetProperty("metadata").GetString());
        Assert.Equal("""{"title":"new"}""", Assert.Single(await Client.ListRoomsAsync(["meta"], ct)).Metadata);
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("requested room does not exist", missing.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task AWrongSecretIsUnauthenticated()
    {
        using var host = BuildHost(_emulator.Url, "not-the-secret");
        var client = host.Services.GetRequiredService<RoomServiceClient>();

        var error = await Assert.ThrowsAsync<LiveKitUnauthenticatedException>(
            () => client.ListRoomsAsync(null, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("invalid authorization token", error.Message);
    }

    [Fact]
    public async Task AnUnreachableServerIsUnavailable()
    {
        using var host = BuildHost($"http://127.0.0.1:{FreeTcpPort.Next()}", EmulatorHost.ApiSecret);
        var client = host.Services.GetRequiredService<RoomServiceClient>();

        var error = await Assert.ThrowsAsync<LiveKitUnavailableException>(
            () => client.CreateRoomAsync(new CreateRoomRequest { Name = "x" }, TestContext.Current.CancellationToken));

        Assert.Equal(TwirpCodes.Unavailable, error.Code);
        Assert.Contains("unreachable", error.Message);
    }

    [Fact]
    public async Task AWebSocketUrlIsCalledOverHttp()
    {
        using var host = BuildHost(_emulator.Url.Replace("http://", "ws://"), EmulatorHost.ApiSecret);
        var client = host.Services.GetRequiredService<RoomServiceClient>();

        var room = await client.CreateRoomAsync(new CreateRoomRequest { Name = "over-ws" }, TestContext.Current.CancellationToken);

        Assert.Equal("over-ws", room.Name);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:7880")]
    [InlineData("")]
    public async Task AnInvalidUrlStopsTheServiceAtStart(string url)
    {
        using var host = BuildHost(url, EmulatorHost.ApiSecret);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Url", error.Message);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:7880", "http://127.0.0.1:7880/", "ws://127.0.0.1:7880")]
    [InlineData("wss://lk.example.com", "https://lk.example.com/", "wss://lk.example.com")]
    [InlineData("https://example.com/livekit", "https://example.com/livekit/", "wss://example.com/livekit")]
    public void UrlsAreCalledOverHttpAndHandedOutAsWebSockets(string url, string apiBase, string clientUrl)
    {
        var options = new LiveKitOptions { Url = url };

        Assert.Equal(apiBase, options.GetApiBaseUri().ToString());
        Assert.Equal(clientUrl, options.GetClientUrl());
    }

    [Theory]
    [InlineData("CreateRoom", """{"roomList":true}""", """{"name":"x"}""")]
    [InlineData("DeleteRoom", """{"roomAdmin":true,"room":"x"}""", """{"room":"x"}""")]
    [InlineData("ListRooms", """{"roomCreate":true}""", "{}")]
    [InlineData("ListParticipants", """{"roomAdmin":true,"room":"other"}""", """{"room":"x"}""")]
    [InlineData("ListParticipants", """{"roomAdmin":true}""", """{"room":"x"}""")]
    public async Task TheEmulatorRejectsATokenWithoutTheNeededGrant(string method, string grant, string body)
    {
        var (status, error) = await EmulatorTwirp.CallRoomServiceAsync(_emulator, method, body, EmulatorTwirp.Bearer(grant),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unauthenticated", error.GetProperty("code").GetString());
        Assert.Equal("permissions denied", error.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task TheEmulatorRejectsACallWithoutAToken()
    {
        var (status, error) = await EmulatorTwirp.CallRoomServiceAsync(_emulator, "ListRooms", "{}", authorization: null,
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unauthenticated", error.GetProperty("code").GetString());
    }

    private async Task ConnectHostAndViewerAsync(string room, CancellationToken ct)
    {
        var tokens = _host.Services.GetRequiredService<AccessTokenIssuer>();
        await EmulatorClient.ConnectAsync(_emulator, tokens.CreateJoinToken(room, "host-1", "Host One", ParticipantRole.Host, null), ct);
        await EmulatorClient.ConnectAsync(_emulator, tokens.CreateJoinToken(room, "viewer-1", "Viewer One", ParticipantRole.Viewer, """{"device":"web"}"""), ct);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> CallAsAdminOfAsync(string room, string method, string body) =>
        EmulatorTwirp.CallRoomServiceAsync(_emulator, method, body, EmulatorTwirp.Bearer($$"""{"roomAdmin":true,"room":"{{room}}"}"""),
            TestContext.Current.CancellationToken);

    private static IHost BuildHost(string url, string secret)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = url,
            ["LiveKit:ApiKey"] = EmulatorHost.ApiKey,
            ["LiveKit:ApiSecret"] = secret,
        });
        builder.AddLiveKit();
        return builder.Build();
    }
}
