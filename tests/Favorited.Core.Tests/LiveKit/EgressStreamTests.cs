using Favorited.Core.LiveKit;
using Favorited.Testing;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>Restreaming a room to RTMP destinations: UpdateStream, stream failures, and the end of the last output.</summary>
public sealed class EgressStreamTests : IAsyncLifetime
{
    private const string Room = "restream-1";
    private const string YouTube = "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl";
    private const string Twitch = "rtmps://live.twitch.tv/app/live_123456789";
    private IoServicesHarness _lk = null!;
    private EgressInfo _egress = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _lk = await IoServicesHarness.StartAsync(ct);
        await _lk.Rooms.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
        _egress = await _lk.Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest
        {
            RoomName = Room, StreamOutputs = [new StreamOutput { Protocol = "RTMP", Urls = [YouTube] }],
        }, ct);
        await _lk.WebhooksAsync("egress_", 2, ct);
    }

    public ValueTask DisposeAsync() => _lk.DisposeAsync();

    [Fact]
    public void StreamUrlsAreReportedWithTheirKeysRedacted()
    {
        var stream = Assert.Single(_egress.StreamResults);

        Assert.Equal(("rtmp://a.rtmp.youtube.com/live2/{abc...jkl}", "ACTIVE"), (stream.Url, stream.Status));
    }

    [Fact]
    public async Task AddingAndRemovingUrlsUpdatesTheStreamsAndReportsEachChange()
    {
        var ct = TestContext.Current.CancellationToken;

        var added = await _lk.Egress.UpdateStreamAsync(_egress.EgressId, [Twitch], null, ct);
        var removed = await _lk.Egress.UpdateStreamAsync(_egress.EgressId, null, [YouTube], ct);
        var events = await _lk.WebhooksAsync("egress_", 4, ct);

        Assert.Equal([("rtmp://a.rtmp.youtube.com/live2/{abc...jkl}", "ACTIVE"), ("rtmps://live.twitch.tv/app/{liv...789}", "ACTIVE")],
            added.StreamResults.Select(s => (s.Url, s.Status)));
        Assert.Equal(["FINISHED", "ACTIVE"], removed.StreamResults.Select(s => s.Status));
        Assert.True(removed.StreamResults[0].EndedAt > 0);
        Assert.Equal(EgressStatuses.Active, removed.Status);
        Assert.Equal([2, 2], events.Skip(2).Select(e => e.Event.EgressInfo!.StreamResults.Count));
        Assert.Equal(["egress_updated", "egress_updated"], events.Skip(2).Select(e => e.Event.Event));
    }

    [Fact]
    public async Task RemovingTheLastUrlEndsTheEgress()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await _lk.Egress.UpdateStreamAsync(_egress.EgressId, null, [YouTube], ct);
        var events = await _lk.WebhooksAsync("egress_", 4, ct);

        Assert.Equal([EgressStatuses.Ending, EgressStatuses.Complete], events.Skip(2).Select(e => e.Event.EgressInfo!.Status));
        Assert.Equal("End reason: All streams stopped", events[3].Event.EgressInfo!.Details);
        Assert.Equal("FINISHED", Assert.Single(reply.StreamResults).Status);
        var late = await Assert.ThrowsAsync<LiveKitException>(() => _lk.Egress.UpdateStreamAsync(_egress.EgressId, [Twitch], null, ct));
        Assert.Equal((TwirpCodes.FailedPrecondition, "egress with status EGRESS_COMPLETE cannot be updated"), (late.Code, late.Message));
    }

    [Fact]
    public async Task BadUpdatesAreRefusedWithLiveKitsErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        var recording = await _lk.Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest
        {
            RoomName = Room, FileOutputs = [new EncodedFileOutput { Filepath = "r.mp4" }],
        }, ct);

        var unknownUrl = await Assert.ThrowsAsync<LiveKitNotFoundException>(
            () => _lk.Egress.UpdateStreamAsync(_egress.EgressId, null, [Twitch], ct));
        var badUrl = await Assert.ThrowsAsync<LiveKitException>(
            () => _lk.Egress.UpdateStreamAsync(_egress.EgressId, ["https://example.com/live"], null, ct));
        var notStreaming = await Assert.ThrowsAsync<LiveKitException>(
            () => _lk.Egress.UpdateStreamAsync(recording.EgressId, [Twitch], null, ct));

        Assert.Equal($"stream {Twitch} not found", unknownUrl.Message);
        Assert.Equal((TwirpCodes.InvalidArgument, "invalid url https://example.com/live: invalid scheme"), (badUrl.Code, badUrl.Message));
        Assert.Equal((TwirpCodes.InvalidArgument, "UpdateStream called on non-streaming egress"), (notStreaming.Code, notStreaming.Message));
        Assert.Single(Assert.Single(await _lk.Egress.ListEgressAsync(null, _egress.EgressId, active: true, ct)).StreamResults);
    }

    [Fact]
    public async Task AFailingDestinationIsMarkedFailedAndTheLastOneFailsTheEgress()
    {
        var ct = TestContext.Current.CancellationToken;
        await _lk.Egress.UpdateStreamAsync(_egress.EgressId, [Twitch], null, ct);

        await EmulatorMediaControl.FailStreamAsync(_lk.Emulator, _egress.EgressId, YouTube, "connection refused", ct);
        await EmulatorMediaControl.FailStreamAsync(_lk.Emulator, _egress.EgressId, Twitch, "broken pipe", ct);
        var events = await _lk.WebhooksAsync("egress_", 5, ct);

        var oneDown = events[3].Event.EgressInfo!;
        Assert.Equal(("egress_updated", EgressStatuses.Active), (events[3].Event.Event, oneDown.Status));
        Assert.Equal([("FAILED", "connection refused"), ("ACTIVE", "")], oneDown.StreamResults.Select(s => (s.Status, s.Error)));
        var failed = events[4].Event.EgressInfo!;
        Assert.Equal(("egress_ended", EgressStatuses.Failed, "broken pipe", 503),
            (events[4].Event.Event, failed.Status, failed.Error, failed.ErrorCode));
    }
}
