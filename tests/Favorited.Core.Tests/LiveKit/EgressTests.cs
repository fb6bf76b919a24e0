using System.Net;
using Favorited.Core.LiveKit;
using Favorited.Testing;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>livekit.Egress (room composite) through the product's <see cref="EgressClient"/> against the emulator.</summary>
public sealed class EgressTests : IAsyncLifetime
{
    private const string Room = "show-1";
    private IoServicesHarness _lk = null!;
    private LiveKitRoom _room = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _lk = await IoServicesHarness.StartAsync(ct);
        _room = await _lk.Rooms.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
    }

    public ValueTask DisposeAsync() => _lk.DisposeAsync();

    private Task<EgressInfo> RecordAsync(CancellationToken ct, string room = Room) =>
        _lk.Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest
        {
            RoomName = room, Layout = "speaker",
            FileOutputs = [new EncodedFileOutput { FileType = "MP4", Filepath = "recordings/{room_name}.mp4" }],
        }, ct);

    [Fact]
    public async Task StartingAnEgressAnswersStartingThenReportsStartedAndActive()
    {
        var ct = TestContext.Current.CancellationToken;

        var egress = await RecordAsync(ct);
        var events = await _lk.WebhooksAsync("egress_", 2, ct);

        Assert.Matches("^EG_[0-9A-Za-z]{12}$", egress.EgressId);
        Assert.Equal((EgressStatuses.Starting, _room.Sid, Room), (egress.Status, egress.RoomId, egress.RoomName));
        Assert.Equal("recordings/show-1.mp4", Assert.Single(egress.FileResults).Filename);
        Assert.Equal([("egress_started", EgressStatuses.Starting), ("egress_updated", EgressStatuses.Active)],
            events.Select(e => (e.Event.Event, e.Event.EgressInfo!.Status)));
        // protobuf JSON leaves the zero status out of the webhook; the room is named with its sid.
        Assert.False(events[0].Json.GetProperty("egressInfo").TryGetProperty("status", out _));
        Assert.Equal((_room.Sid, Room), (events[0].Event.Room!.Sid, events[0].Event.Room!.Name));
        Assert.True(events[1].Event.EgressInfo!.StartedAt > 0);
        var listed = Assert.Single(await _lk.Egress.ListEgressAsync(Room, null, active: true, ct));
        Assert.Equal((egress.EgressId, EgressStatuses.Active), (listed.EgressId, listed.Status));
    }

    [Fact]
    public async Task TheRecorderIsAHiddenEgressParticipantFromStartToEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        var egress = await RecordAsync(ct);
        await _lk.WebhooksAsync("egress_updated", 1, ct);

        var recorder = Assert.Single(await _lk.Rooms.ListParticipantsAsync(Room, ct));
        var room = Assert.Single(await _lk.Rooms.ListRoomsAsync([Room], ct));
        await _lk.Egress.StopEgressAsync(egress.EgressId, ct);
        var joined = (await _lk.WebhooksAsync("participant_joined", 1, ct))[0].Event.Participant!;
        await _lk.WebhooksAsync("egress_ended", 1, ct);

        Assert.Equal((egress.EgressId, "EGRESS", true), (recorder.Identity, recorder.Kind, recorder.Permission!.Hidden));
        Assert.False(recorder.Permission.CanPublish);
        Assert.Equal((egress.EgressId, "EGRESS"), (joined.Identity, joined.Kind));
        Assert.Equal((0u, true), (room.NumParticipants, room.ActiveRecording));
        Assert.Equal(["room_started", "egress_started", "participant_joined", "egress_updated", "egress_updated", "participant_left", "egress_ended"],
            _lk.SentEvents());
        Assert.Empty(await _lk.Rooms.ListParticipantsAsync(Room, ct));
        Assert.False(Assert.Single(await _lk.Rooms.ListRoomsAsync([Room], ct)).ActiveRecording);
    }

    [Fact]
    public async Task StoppingAnswersEndingThenTheEgressCompletesWithItsFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var egress = await RecordAsync(ct);

        var stopping = await _lk.Egress.StopEgressAsync(egress.EgressId, ct);
        var events = await _lk.WebhooksAsync("egress_", 4, ct);

        Assert.Equal((EgressStatuses.Ending, "End reason: StopEgress API"), (stopping.Status, stopping.Details));
        Assert.Equal([EgressStatuses.Starting, EgressStatuses.Active, EgressStatuses.Ending, EgressStatuses.Complete],
            events.Select(e => e.Event.EgressInfo!.Status));
        Assert.Equal("egress_ended", events[3].Event.Event);
        var ended = events[3].Event.EgressInfo!;
        var file = Assert.Single(ended.FileResults);
        Assert.Equal(("recordings/show-1.mp4", "recordings/show-1.mp4"), (file.Filename, file.Location));
        Assert.True(file.EndedAt >= file.StartedAt && file.StartedAt > 0 && file.Duration == file.EndedAt - file.StartedAt);
        Assert.True(ended.EndedAt > 0);
        Assert.Empty(await _lk.Egress.ListEgressAsync(Room, null, active: true, ct));
        Assert.Equal(EgressStatuses.Complete, Assert.Single(await _lk.Egress.ListEgressAsync(Room, null, active: false, ct)).Status);

        var again = await Assert.ThrowsAsync<LiveKitException>(() => _lk.Egress.StopEgressAsync(egress.EgressId, ct));
        Assert.Equal((TwirpCodes.FailedPrecondition, "egress with status EGRESS_COMPLETE cannot be stopped"), (again.Code, again.Message));
    }

    [Fact]
    public async Task AnEgressLeftEndingCompletesWithTheResultsItsUploadsGive()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lk = await IoServicesHarness.StartAsync(ct, o => o.CompleteEgressOnStop = false);
        await lk.Rooms.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
        var egress = await lk.Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest
        {
            RoomName = Room,
            FileOutputs = [new EncodedFileOutput { Filepath = "vod/{room_name}", S3 = new S3Upload { Bucket = "favorited-vod" } }],
        }, ct);

        await lk.Egress.StopEgressAsync(egress.EgressId, ct);
        await lk.WebhooksAsync("egress_", 3, ct);
        var stillEnding = Assert.Single(await lk.Egress.ListEgressAsync(null, egress.EgressId, active: false, ct));
        await EmulatorMediaControl.CompleteEgressAsync(lk.Emulator, egress.EgressId, ct,
            new { size = 73_400_320, durationSeconds = 3600.5 });
        var ended = (await lk.WebhooksAsync("egress_", 4, ct))[3].Event.EgressInfo!;

        Assert.Equal(EgressStatuses.Ending, stillEnding.Status);
        Assert.Equal(EgressStatuses.Complete, ended.Status);
        var file = Assert.Single(ended.FileResults);
        Assert.Equal(("vod/show-1.mp4", "https://favorited-vod.s3.amazonaws.com/vod/show-1.mp4", 73_400_320L, 3_600_500_000_000L),
            (file.Filename, file.Location, file.Size, file.Duration));
    }

    [Fact]
    public async Task HlsSegmentsAreReportedWithTheirPlaylistAndCount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lk = await IoServicesHarness.StartAsync(ct, o => o.CompleteEgressOnStop = false);
        await lk.Rooms.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
        var egress = await lk.Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest
        {
            RoomName = Room,
            SegmentOutputs = [new SegmentedFileOutput { FilenamePrefix = "hls/{room_name}/seg", PlaylistName = "index.m3u8", SegmentDuration = 6 }],
        }, ct);

        await EmulatorMediaControl.CompleteEgressAsync(lk.Emulator, egress.EgressId, ct);
        var events = await lk.WebhooksAsync("egress_", 4, ct);

        Assert.Equal("hls/show-1/index.m3u8", Assert.Single(egress.SegmentResults).PlaylistName);
        var ended = events[3].Event.EgressInfo!;
        Assert.Equal((EgressStatuses.Complete, "End reason: Source closed"), (ended.Status, ended.Details));
        var segments = Assert.Single(ended.SegmentResults);
        Assert.Equal("hls/show-1/index.m3u8", segments.PlaylistLocation);
        Assert.Equal((segments.Duration + 6_000_000_000 - 1) / 6_000_000_000, segments.SegmentCount);
    }

    [Fact]
    public async Task AFailingEgressEndsFailedWithItsError()
    {
        var ct = TestContext.Current.CancellationToken;
        var egress = await RecordAsync(ct);

        await EmulatorMediaControl.FailEgressAsync(_lk.Emulator, egress.EgressId, "pipeline frozen", ct);
        var ended = (await _lk.WebhooksAsync("egress_", 3, ct))[2].Event;

        Assert.Equal(("egress_ended", EgressStatuses.Failed, "pipeline frozen", 500, "End reason: Failure"),
            (ended.Event, ended.EgressInfo!.Status, ended.EgressInfo.Error, ended.EgressInfo.ErrorCode, ended.EgressInfo.Details));
        Assert.Empty(await _lk.Egress.ListEgressAsync(Room, null, active: true, ct));
    }

    [Fact]
    public async Task DeletingTheRoomEndsItsEgressAsItsSourceClosed()
    {
        var ct = TestContext.Current.CancellationToken;
        var egress = await RecordAsync(ct);

        await _lk.Rooms.DeleteRoomAsync(Room, ct);
        var events = await _lk.WebhooksAsync("egress_", 4, ct);

        Assert.Equal([EgressStatuses.Ending, EgressStatuses.Complete], events.Skip(2).Select(e => e.Event.EgressInfo!.Status));
        Assert.Equal((egress.EgressId, "End reason: Source closed"), (events[3].Event.EgressInfo!.EgressId, events[3].Event.EgressInfo!.Details));
    }

    [Fact]
    public async Task ARoomThatDoesNotExistAndUnknownEgressIdsAreNotFound()
    {
        var ct = TestContext.Current.CancellationToken;

        var noRoom = await Assert.ThrowsAsync<LiveKitNotFoundException>(() => RecordAsync(ct, room: "no-such-room"));
        var calls = new Func<Task>[]
        {
            () => _lk.Egress.StopEgressAsync("EG_unknown", ct),
            () => _lk.Egress.UpdateStreamAsync("EG_unknown", ["rtmp://live.example.com/app/key"], null, ct),
            () => _lk.Egress.ListEgressAsync(null, "EG_unknown", active: false, ct),
        };

        Assert.Equal("requested room does not exist", noRoom.Message);
        foreach (var call in calls)
        {
            Assert.Equal("egress does not exist", (await Assert.ThrowsAsync<LiveKitNotFoundException>(call)).Message);
        }
        Assert.DoesNotContain(_lk.SentEvents(), e => e.StartsWith("egress_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithNoEgressInstanceFreeStartingIsUnavailableUntilOneEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lk = await IoServicesHarness.StartAsync(ct, o => o.MaxActiveEgress = 1);
        await lk.Rooms.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
        var request = new RoomCompositeEgressRequest { RoomName = Room, FileOutputs = [new EncodedFileOutput { Filepath = "a.mp4" }] };
        var first = await lk.Egress.StartRoomCompositeEgressAsync(request, ct);

        var busy = await Assert.ThrowsAsync<LiveKitUnavailableException>(() => lk.Egress.StartRoomCompositeEgressAsync(request, ct));
        await lk.Egress.StopEgressAsync(first.EgressId, ct);
        var second = await lk.Egress.StartRoomCompositeEgressAsync(request, ct);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "no response from servers"), (busy.StatusCode, busy.Message));
        Assert.NotEqual(first.EgressId, second.EgressId);
    }

    [Fact]
    public async Task RequestsWithoutUsableOutputsAreInvalid()
    {
        var ct = TestContext.Current.CancellationToken;
        async Task<LiveKitException> Refused(RoomCompositeEgressRequest request) =>
            await Assert.ThrowsAsync<LiveKitException>(() => _lk.Egress.StartRoomCompositeEgressAsync(request, ct));

        var none = await Refused(new RoomCompositeEgressRequest { RoomName = Room });
        var twoFiles = await Refused(new RoomCompositeEgressRequest
        {
            RoomName = Room, FileOutputs = [new EncodedFileOutput { Filepath = "a.mp4" }, new EncodedFileOutput { Filepath = "b.mp4" }],
        });
        var badUrl = await Refused(new RoomCompositeEgressRequest
        {
            RoomName = Room, StreamOutputs = [new StreamOutput { Protocol = "RTMP", Urls = ["rtmp://live.example.com"] }],
        });

        Assert.Equal((TwirpCodes.InvalidArgument, "request has missing or invalid field: output"), (none.Code, none.Message));
        Assert.Equal("request has missing or invalid field: multiple file outputs", twoFiles.Message);
        Assert.Equal("invalid url rtmp://live.example.com: rtmp urls must be of format rtmp(s)://{host}(/{path})/{app}/{stream_key}( live=1)",
            badUrl.Message);
    }

    [Theory]
    [InlineData("""{"ingressAdmin":true}""")]
    [InlineData("""{"roomAdmin":true,"room":"show-1","roomCreate":true}""")]
    [InlineData(null)]
    public async Task WithoutTheRoomRecordGrantEveryMethodIsUnauthenticated(string? grant)
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var method in new[] { "StartRoomCompositeEgress", "UpdateStream", "ListEgress", "StopEgress", "StartWebEgress" })
        {
            var (status, reply) = await EmulatorTwirp.CallAsync(_lk.Emulator, "livekit.Egress", method,
                """{"roomName":"show-1","fileOutputs":[{"filepath":"x.mp4"}],"egressId":"EG_x"}""",
                grant is null ? null : EmulatorTwirp.Bearer(grant), ct);

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal(("unauthenticated", "permissions denied"), (reply.GetProperty("code").GetString(), reply.GetProperty("msg").GetString()));
        }
        Assert.Empty(await _lk.Egress.ListEgressAsync(Room, null, active: false, ct));
    }

    [Fact]
    public async Task StartMethodsTheEmulatorLacksAreUnimplemented()
    {
        var (status, reply) = await EmulatorTwirp.CallAsync(_lk.Emulator, "livekit.Egress", "StartTrackEgress", "{}",
            EmulatorTwirp.Bearer("""{"roomRecord":true}"""), TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.NotImplemented, "unimplemented"), (status, reply.GetProperty("code").GetString()));
    }
}
