using Favorited.Core.LiveKit;
using Favorited.Testing;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>
/// An encoder pushing to an ingress, as LiveKit runs it: the ingress joins the room as an INGRESS participant and
/// publishes, <c>ingress_started</c> once the first track is up, <c>ingress_ended</c> after it has left.
/// </summary>
public sealed class IngressSessionTests : IAsyncLifetime
{
    private const string Room = "live-1";
    private IoServicesHarness _lk = null!;
    private LiveKitRoom _room = null!;
    private IngressInfo _ingress = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _lk = await IoServicesHarness.StartAsync(ct);
        _room = await _lk.Rooms.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
        _ingress = await _lk.Ingress.CreateIngressAsync(new CreateIngressRequest
        {
            RoomName = Room, ParticipantIdentity = "host-encoder", ParticipantName = "Host (OBS)",
        }, ct);
    }

    public ValueTask DisposeAsync() => _lk.DisposeAsync();

    [Fact]
    public async Task AnEncoderConnectingMakesTheIngressJoinPublishAndStart()
    {
        var ct = TestContext.Current.CancellationToken;

        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);
        var started = Assert.Single(await _lk.WebhooksAsync("ingress_", 1, ct));
        await _lk.WebhooksAsync("track_published", 2, ct);

        // Joined, the video track up, publishing, then the audio track (the ingress's queue is apart from the room's).
        Assert.Equal(["room_started", "participant_joined", "track_published", "ingress_started", "track_published"], _lk.SentEvents());
        var info = started.Event.IngressInfo!;
        Assert.Equal("ingress_started", started.Event.Event);
        Assert.Equal((_ingress.IngressId, IngressStatuses.Publishing, _room.Sid), (info.IngressId, info.State!.Status, info.State.RoomId));
        Assert.True(info.State.StartedAt > 0);
        Assert.Matches("^RT_", info.State.ResourceId);
        Assert.Equal(["name"], started.Json.GetProperty("room").EnumerateObject().Select(p => p.Name));
        Assert.Equal(Room, started.Event.Room!.Name);

        var joined = (await _lk.WebhooksAsync("participant_joined", 1, ct))[0].Event.Participant!;
        Assert.Equal(("host-encoder", "INGRESS"), (joined.Identity, joined.Kind));
        var participant = Assert.Single(await _lk.Rooms.ListParticipantsAsync(Room, ct));
        Assert.Equal(("host-encoder", "Host (OBS)", "INGRESS"), (participant.Identity, participant.Name, participant.Kind));
        Assert.Equal(_ingress.IngressId, participant.Attributes["ingress.ingressID"]);
        Assert.False(participant.Permission!.CanSubscribe);
        Assert.Equal([("VIDEO", "CAMERA", "video/H264"), ("AUDIO", "MICROPHONE", "audio/opus")],
            participant.Tracks.Select(t => (t.Type, t.Source, t.MimeType)));
        var listed = Assert.Single(await _lk.Ingress.ListIngressAsync(Room, null, ct));
        Assert.Equal(IngressStatuses.Publishing, listed.State!.Status);
        Assert.Equal(participant.Tracks.Select(t => t.Sid), listed.State.Tracks.Select(t => t.Sid));
    }

    [Fact]
    public async Task TheEncoderLeavingMakesTheParticipantLeaveThenEndsTheIngressWhichCanBeUsedAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);

        await EmulatorMediaControl.DisconnectEncoderAsync(_lk.Emulator, _ingress.IngressId, ct);
        var events = await _lk.WebhooksAsync("ingress_", 2, ct);

        Assert.Equal(["track_unpublished", "track_unpublished", "participant_left", "ingress_ended"], _lk.SentEvents().Skip(5));
        var ended = events[1].Event.IngressInfo!.State!;
        Assert.Equal(("ingress_ended", IngressStatuses.Inactive, ""), (events[1].Event.Event, ended.Status, ended.Error));
        Assert.True(ended.EndedAt >= ended.StartedAt && ended.StartedAt > 0);
        Assert.Empty(await _lk.Rooms.ListParticipantsAsync(Room, ct));
        Assert.Equal(IngressStatuses.Inactive, Assert.Single(await _lk.Ingress.ListIngressAsync(Room, null, ct)).State!.Status);

        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);
        var again = (await _lk.WebhooksAsync("ingress_", 3, ct))[2].Event.IngressInfo!.State!;
        Assert.Equal(IngressStatuses.Publishing, again.Status);
        Assert.NotEqual(ended.ResourceId, again.ResourceId);
    }

    [Fact]
    public async Task MovingAPublishingIngressToAnotherRoomTakesEffectWithTheNextSession()
    {
        var ct = TestContext.Current.CancellationToken;
        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);

        var moved = await _lk.Ingress.UpdateIngressAsync(new UpdateIngressRequest { IngressId = _ingress.IngressId, RoomName = "live-2" }, ct);
        var stillHere = await _lk.Rooms.ListParticipantsAsync(Room, ct);
        await EmulatorMediaControl.DisconnectEncoderAsync(_lk.Emulator, _ingress.IngressId, ct);
        var leftHere = await _lk.Rooms.ListParticipantsAsync(Room, ct);
        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);

        Assert.Equal(("live-2", IngressStatuses.Publishing), (moved.RoomName, moved.State!.Status));
        Assert.Equal("host-encoder", Assert.Single(stillHere).Identity);
        Assert.Empty(leftHere);
        Assert.Equal("host-encoder", Assert.Single(await _lk.Rooms.ListParticipantsAsync("live-2", ct)).Identity);
    }

    [Fact]
    public async Task AFailingSessionEndsInErrorAndAnIngressWithoutARoomFailsAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var roomless = await _lk.Ingress.CreateIngressAsync(new CreateIngressRequest { ParticipantIdentity = "nowhere" }, ct);

        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);
        await EmulatorMediaControl.DisconnectEncoderAsync(_lk.Emulator, _ingress.IngressId, ct, error: "source encoder not ready");
        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, roomless.StreamKey, ct);
        // Each ingress has a queue of its own: the two may arrive in either order.
        var ended = (await _lk.WebhooksAsync("ingress_ended", 2, ct)).Select(e => e.Event.IngressInfo!).ToList();

        Assert.Equivalent(new[]
        {
            (_ingress.IngressId, IngressStatuses.Error, "source encoder not ready"),
            (roomless.IngressId, IngressStatuses.Error, "invalid ingress: no room name"),
        }, ended.Select(i => (i.IngressId, i.State!.Status, i.State.Error)), strict: true);
        Assert.Single(_lk.SentEvents(), e => e == "ingress_started");
    }

    [Fact]
    public async Task DeletingTheRoomUnderAPublishingIngressEndsItInError()
    {
        var ct = TestContext.Current.CancellationToken;
        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);

        await _lk.Rooms.DeleteRoomAsync(Room, ct);
        var ended = (await _lk.WebhooksAsync("ingress_", 2, ct))[1].Event;

        Assert.Equal(("ingress_ended", IngressStatuses.Error, "room disconnected"),
            (ended.Event, ended.IngressInfo!.State!.Status, ended.IngressInfo.State.Error));
    }

    [Fact]
    public async Task DeletingAPublishingIngressMakesItsParticipantLeaveWithoutIngressEnded()
    {
        var ct = TestContext.Current.CancellationToken;
        await EmulatorMediaControl.ConnectEncoderAsync(_lk.Emulator, _ingress.StreamKey, ct);

        var deleted = await _lk.Ingress.DeleteIngressAsync(_ingress.IngressId, ct);
        await _lk.WebhooksAsync("participant_left", 1, ct);
        await Task.Delay(200, ct);

        Assert.Equal(IngressStatuses.Inactive, deleted.State!.Status);
        Assert.Empty(await _lk.Rooms.ListParticipantsAsync(Room, ct));
        Assert.DoesNotContain("ingress_ended", _lk.SentEvents());
    }

    [Fact]
    public async Task ADisabledIngressRefusesEncoders()
    {
        var ct = TestContext.Current.CancellationToken;
        var disabled = await _lk.Ingress.UpdateIngressAsync(new UpdateIngressRequest { IngressId = _ingress.IngressId, Enabled = false }, ct);

        var (status, body) = await EmulatorMediaControl.TryPostAsync(_lk.Emulator, "/_emulator/ingress/connect",
            new { streamKey = _ingress.StreamKey }, ct);

        Assert.False(disabled.Enabled);
        Assert.Equal((403, "session is disabled"), (status, body.GetProperty("msg").GetString()));
        Assert.Empty(await _lk.Rooms.ListParticipantsAsync(Room, ct));
    }
}
