using System.Net;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>livekit.Ingress through the product's <see cref="IngressClient"/>, and encoders coming and going, against the emulator.</summary>
public sealed class IngressTests : IAsyncLifetime
{
    private const string Room = "stream-1";
    private IoServicesHarness _lk = null!;

    public async ValueTask InitializeAsync() => _lk = await IoServicesHarness.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _lk.DisposeAsync();

    private Task<IngressInfo> CreateAsync(CancellationToken ct, string room = Room, string identity = "encoder-1") =>
        _lk.Ingress.CreateIngressAsync(new CreateIngressRequest
        {
            InputType = IngressInputTypes.Rtmp, Name = "OBS", RoomName = room, ParticipantIdentity = identity,
            ParticipantName = "Host's encoder",
        }, ct);

    [Fact]
    public async Task CreatingAnRtmpIngressGivesAReusableInactiveEndpointWithAStreamKeyAndNoWebhook()
    {
        var ct = TestContext.Current.CancellationToken;

        var ingress = await CreateAsync(ct);

        Assert.Matches("^IN_[0-9A-Za-z]{12}$", ingress.IngressId);
        Assert.Matches("^[0-9A-Za-z]{12}$", ingress.StreamKey);
        Assert.Equal("rtmp://localhost:1935/x", ingress.Url);
        Assert.Equal(IngressInputTypes.Rtmp, ingress.InputType);
        Assert.True(ingress.Reusable);
        Assert.True(ingress.EnableTranscoding);
        Assert.Null(ingress.Enabled);
        Assert.Equal(("OBS", Room, "encoder-1", "Host's encoder"),
            (ingress.Name, ingress.RoomName, ingress.ParticipantIdentity, ingress.ParticipantName));
        Assert.Equal(IngressStatuses.Inactive, ingress.State!.Status);
        await Task.Delay(200, ct);
        Assert.Empty(_lk.SentEvents());
    }

    [Fact]
    public async Task AWhipIngressIsNotTranscodedUnlessAsked()
    {
        var ingress = await _lk.Ingress.CreateIngressAsync(new CreateIngressRequest
        {
            InputType = IngressInputTypes.Whip, RoomName = Room, ParticipantIdentity = "browser-encoder",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(IngressInputTypes.Whip, ingress.InputType);
        Assert.Equal("http://localhost:8080/w", ingress.Url);
        Assert.False(ingress.EnableTranscoding);
    }

    [Fact]
    public async Task IngressesAreListedByIdByRoomOrAllAndUpdatedFieldByField()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await CreateAsync(ct);
        var other = await CreateAsync(ct, room: "stream-2", identity: "encoder-2");

        var updated = await _lk.Ingress.UpdateIngressAsync(new UpdateIngressRequest
        {
            IngressId = first.IngressId, Name = "OBS studio", ParticipantMetadata = """{"role":"host"}""",
        }, ct);

        Assert.Equal(("OBS studio", """{"role":"host"}""", "Host's encoder", first.StreamKey),
            (updated.Name, updated.ParticipantMetadata, updated.ParticipantName, updated.StreamKey));
        Assert.Equal([first.IngressId], (await _lk.Ingress.ListIngressAsync(Room, null, ct)).Select(i => i.IngressId));
        Assert.Equal("OBS studio", Assert.Single(await _lk.Ingress.ListIngressAsync(null, first.IngressId, ct)).Name);
        Assert.Equal(new[] { first.IngressId, other.IngressId }.Order(),
            (await _lk.Ingress.ListIngressAsync(null, null, ct)).Select(i => i.IngressId).Order());
    }

    [Fact]
    public async Task DeletingAnIngressRemovesItAndUnknownIdsAreNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var ingress = await CreateAsync(ct);

        var deleted = await _lk.Ingress.DeleteIngressAsync(ingress.IngressId, ct);

        Assert.Equal(IngressStatuses.Inactive, deleted.State!.Status);
        Assert.Empty(await _lk.Ingress.ListIngressAsync(Room, null, ct));
        foreach (var call in new Func<Task>[]
        {
            () => _lk.Ingress.DeleteIngressAsync(ingress.IngressId, ct),
            () => _lk.Ingress.ListIngressAsync(null, ingress.IngressId, ct),
            () => _lk.Ingress.UpdateIngressAsync(new UpdateIngressRequest { IngressId = ingress.IngressId, Name = "x" }, ct),
        })
        {
            var error = await Assert.ThrowsAsync<LiveKitNotFoundException>(call);
            Assert.Equal("ingress does not exist", error.Message);
        }
    }

    [Fact]
    public async Task InvalidIngressesAreRefusedWithLiveKitsMessages()
    {
        var ct = TestContext.Current.CancellationToken;

        var noIdentity = await Assert.ThrowsAsync<LiveKitException>(() => _lk.Ingress.CreateIngressAsync(
            new CreateIngressRequest { RoomName = Room, ParticipantIdentity = "" }, ct));
        var rtmpWithoutTranscoding = await Assert.ThrowsAsync<LiveKitException>(() => _lk.Ingress.CreateIngressAsync(
            new CreateIngressRequest { RoomName = Room, ParticipantIdentity = "e", EnableTranscoding = false }, ct));
        var audioAsCamera = await Assert.ThrowsAsync<LiveKitException>(() => _lk.Ingress.CreateIngressAsync(
            new CreateIngressRequest { RoomName = Room, ParticipantIdentity = "e", Audio = new IngressMediaOptions { Source = "CAMERA" } }, ct));

        Assert.Equal((TwirpCodes.InvalidArgument, "invalid ingress: no participant identity"), (noIdentity.Code, noIdentity.Message));
        Assert.Equal((TwirpCodes.InvalidArgument,
            "invalid transcoding bypass configuration: bypassing transcoding impossible with selected input type"),
            (rtmpWithoutTranscoding.Code, rtmpWithoutTranscoding.Message));
        Assert.Equal("invalid audio parameters: invalid track source", audioAsCamera.Message);
    }

    [Theory]
    [InlineData("""{"roomAdmin":true,"room":"stream-1","roomCreate":true}""")]
    [InlineData("""{"roomRecord":true}""")]
    [InlineData(null)]
    public async Task WithoutTheIngressAdminGrantEveryMethodIsUnauthenticated(string? grant)
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var (method, body) in new[]
        {
            ("CreateIngress", """{"roomName":"stream-1","participantIdentity":"e"}"""), ("UpdateIngress", """{"ingressId":"IN_x"}"""),
            ("ListIngress", "{}"), ("DeleteIngress", """{"ingressId":"IN_x"}"""),
        })
        {
            var (status, reply) = await EmulatorTwirp.CallAsync(_lk.Emulator, "livekit.Ingress", method, body,
                grant is null ? null : EmulatorTwirp.Bearer(grant), ct);

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("unauthenticated", reply.GetProperty("code").GetString());
            Assert.Equal("permissions denied", reply.GetProperty("msg").GetString());
        }
        var (_, granted) = await EmulatorTwirp.CallAsync(_lk.Emulator, "livekit.Ingress", "ListIngress", "{}",
            EmulatorTwirp.Bearer("""{"ingressAdmin":true}"""), ct);
        Assert.Equal(0, granted.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ATokenSignedWithTheWrongSecretIsRefusedBeforeTwirp()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = IoServicesHarness.BuildHost(_lk.Emulator.Url, "not-the-secret");
        var ingress = host.Services.GetRequiredService<IngressClient>();
        var egress = host.Services.GetRequiredService<EgressClient>();

        var refusedIngress = await Assert.ThrowsAsync<LiveKitUnauthenticatedException>(() => ingress.ListIngressAsync(null, null, ct));
        var refusedEgress = await Assert.ThrowsAsync<LiveKitUnauthenticatedException>(() => egress.ListEgressAsync(null, null, false, ct));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid authorization token: signature is invalid"),
            (refusedIngress.StatusCode, refusedIngress.Message));
        Assert.Equal("invalid authorization token: signature is invalid", refusedEgress.Message);
    }
}
