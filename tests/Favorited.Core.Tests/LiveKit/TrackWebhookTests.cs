using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>track_published and track_unpublished from the emulator, checked with Favorited's own verifier.</summary>
public sealed class TrackWebhookTests : IAsyncLifetime
{
    private const string Room = "tracks";
    private static readonly LiveKitOptions Options = new()
    {
        Url = "http://127.0.0.1", ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
    };

    private WebhookSink _sink = null!;
    private EmulatorHost _emulator = null!;
    private RoomServiceClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _sink = await WebhookSink.StartAsync();
        _emulator = await EmulatorHost.StartAsync(o => o.WebhookUrls = [_sink.Url], ct);
        var options = Microsoft.Extensions.Options.Options.Create(new LiveKitOptions
        {
            Url = _emulator.Url, ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
        });
        var tokens = new AccessTokenIssuer(options, TimeProvider.System);
        _client = new RoomServiceClient(new HttpClient { BaseAddress = options.Value.GetApiBaseUri() }, tokens);
        await _client.CreateRoomAsync(new CreateRoomRequest { Name = Room }, ct);
        await EmulatorClient.ConnectAsync(_emulator, tokens.CreateJoinToken(Room, "host-1", "Host One", ParticipantRole.Host, null), ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task PublishingAndUnpublishingSendSignedTrackWebhooksShapedAsLiveKits()
    {
        var ct = TestContext.Current.CancellationToken;
        var host = Assert.Single(await _client.ListParticipantsAsync(Room, ct));

        var camera = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "CAMERA", ct);
        await EmulatorClient.UnpublishAsync(_emulator, Room, "host-1", camera, ct);
        var events = await TrackEventsAsync(2, ct);
        var (published, unpublished) = (events[0], events[1]);

        Assert.Equal("track_published", published.Event.Event);
        Assert.Equal("track_unpublished", unpublished.Event.Event);
        foreach (var (verified, json) in new[] { published, unpublished })
        {
            Assert.Matches("^EV_[0-9A-Za-z]{12}$", verified.Id);
            Assert.Equal(Room, verified.Room!.Name);
            Assert.Equal(host.Sid, verified.Participant!.Sid);
            Assert.Equal("host-1", verified.Participant.Identity);
            // LiveKit cuts the room and the participant down to their ids in track webhooks.
            Assert.Equal(["sid", "name"], json.GetProperty("room").EnumerateObject().Select(p => p.Name));
            Assert.Equal(["sid", "identity"], json.GetProperty("participant").EnumerateObject().Select(p => p.Name));
            var track = json.GetProperty("track");
            Assert.Equal(camera, track.GetProperty("sid").GetString());
            Assert.Equal("VIDEO", track.GetProperty("type").GetString());
            Assert.Equal("CAMERA", track.GetProperty("source").GetString());
            Assert.Equal("video/VP8", track.GetProperty("mimeType").GetString());
            Assert.False(track.TryGetProperty("muted", out _));
        }
    }

    [Fact]
    public async Task AnAudioTracksTypeIsLeftOutAsProtobufJsonLeavesOutZeroEnums()
    {
        var ct = TestContext.Current.CancellationToken;

        var microphone = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "MICROPHONE", ct);
        var track = (await TrackEventsAsync(1, ct))[0].Json.GetProperty("track");

        Assert.Equal(microphone, track.GetProperty("sid").GetString());
        Assert.Equal("MICROPHONE", track.GetProperty("source").GetString());
        Assert.False(track.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task RevokingCanPublishUnpublishesEveryTrackWithAWebhookEach()
    {
        var ct = TestContext.Current.CancellationToken;
        var camera = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "CAMERA", ct);
        var microphone = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "MICROPHONE", ct);

        await _client.UpdateParticipantAsync(new UpdateParticipantRequest
        {
            Room = Room, Identity = "host-1", Permission = new ParticipantPermission { CanSubscribe = true },
        }, ct);
        var (refused, _) = await EmulatorClient.PublishAsync(_emulator, Room, "host-1", "CAMERA", ct);
        var events = await TrackEventsAsync(4, ct);
        // Nothing more may follow the refused publish.
        await Task.Delay(200, ct);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused);
        Assert.Equal(
            [$"track_published:{camera}", $"track_published:{microphone}", $"track_unpublished:{camera}", $"track_unpublished:{microphone}"],
            events.Select(e => $"{e.Event.Event}:{e.Json.GetProperty("track").GetProperty("sid").GetString()}"));
        Assert.Equal(4, (await TrackEventsAsync(4, ct)).Count);
    }

    [Fact]
    public async Task ALeavingPublishersTracksAreUnpublishedBeforeItLeaves()
    {
        var ct = TestContext.Current.CancellationToken;
        var camera = await EmulatorClient.PublishTrackAsync(_emulator, Room, "host-1", "CAMERA", ct);

        await EmulatorClient.DisconnectAsync(_emulator, Room, "host-1", ct);
        var received = await _sink.WaitForAsync(5, ct);

        Assert.Equal(["room_started", "participant_joined", "track_published", "track_unpublished", "participant_left"],
            received.Select(r => Verify(r).Event));
        Assert.Equal(camera, JsonDocument.Parse(received[3].Body).RootElement.GetProperty("track").GetProperty("sid").GetString());
    }

    /// <summary>Waits for at least <paramref name="count"/> track webhooks; each verified as a receiver would.</summary>
    private async Task<IReadOnlyList<(LiveKitWebhookEvent Event, JsonElement Json)>> TrackEventsAsync(int count, CancellationToken ct)
    {
        var received = await Eventually.MatchesAsync(() => Task.FromResult(_sink.Received),
            r => r.Count(w => w.Text.Contains("\"event\":\"track_")) >= count, TimeSpan.FromSeconds(10), $"{count} track webhooks", ct);
        return [.. received.Where(w => w.Text.Contains("\"event\":\"track_"))
            .Select(w => (Verify(w), JsonDocument.Parse(w.Body).RootElement.Clone()))];
    }

    private static LiveKitWebhookEvent Verify(ReceivedWebhook webhook)
    {
        var verifier = new WebhookVerifier(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System);
        var result = verifier.Verify(webhook.Authorization, webhook.Body);
        Assert.True(result.IsValid, $"{result.Rejection}: {result.Reason}");
        return result.Event!;
    }
}
