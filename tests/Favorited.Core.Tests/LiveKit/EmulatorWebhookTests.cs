using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Microsoft.Extensions.Options;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>The emulator's webhooks, checked with Favorited's own verifier as a receiver would.</summary>
public sealed class EmulatorWebhookTests
{
    private static readonly LiveKitOptions Options = new()
    {
        Url = "http://127.0.0.1", ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
    };

    [Fact]
    public async Task CreatingARoomSendsRoomStartedSignedAsLiveKitSignsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await WebhookSink.StartAsync();
        await using var emulator = await EmulatorHost.StartAsync(o => o.WebhookUrls = [sink.Url], ct);

        await ClientFor(emulator).CreateRoomAsync(new CreateRoomRequest { Name = "signed", EmptyTimeout = 600 }, ct);
        var webhook = Assert.Single(await sink.WaitForAsync(1, ct));

        Assert.Equal("application/webhook+json", webhook.ContentType);
        Assert.Equal("LiveKit", webhook.UserAgent);
        Assert.DoesNotContain("Bearer", webhook.Authorization);
        var verified = Verify(webhook);
        Assert.Equal("room_started", verified.Event);
        Assert.Matches("^EV_[0-9A-Za-z]{12}$", verified.Id);
        Assert.Equal("signed", verified.Room!.Name);
        Assert.StartsWith("RM_", verified.Room.Sid);
        // protobuf JSON as LiveKit writes it: camelCase, int64 as strings, default values left out.
        Assert.Matches("\"createdAt\":\"\\d+\"", webhook.Text);
        Assert.Contains("\"emptyTimeout\":600", webhook.Text);
        Assert.DoesNotContain("empty_timeout", webhook.Text);
        Assert.DoesNotContain("numParticipants", webhook.Text);
    }

    [Fact]
    public async Task OneRoomsEventsArriveInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await WebhookSink.StartAsync();
        await using var emulator = await EmulatorHost.StartAsync(o => o.WebhookUrls = [sink.Url], ct);
        var client = ClientFor(emulator);
        var tokens = new AccessTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System);

        await client.CreateRoomAsync(new CreateRoomRequest { Name = "ordered" }, ct);
        foreach (var viewer in new[] { "v1", "v2", "v3" })
        {
            await EmulatorClient.ConnectAsync(emulator, tokens.CreateJoinToken("ordered", viewer, viewer, ParticipantRole.Viewer, null), ct);
        }
        await EmulatorClient.DisconnectAsync(emulator, "ordered", "v2", ct);
        await client.DeleteRoomAsync("ordered", ct);
        var received = await sink.WaitForAsync(8, ct);

        var events = received.Select(Verify).Select(e => $"{e.Event}:{e.Participant?.Identity}").ToList();
        Assert.Equal(
            ["room_started:", "participant_joined:v1", "participant_joined:v2", "participant_joined:v3",
             "participant_left:v2", "participant_left:v1", "participant_left:v3", "room_finished:"],
            events);
        Assert.Equal(events.Count, received.Select(r => Verify(r).Id).Distinct().Count());
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithTheSameEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await WebhookSink.StartAsync(503, 500);
        await using var emulator = await EmulatorHost.StartAsync(o =>
        {
            o.WebhookUrls = [sink.Url];
            o.WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(20);
        }, ct);

        await ClientFor(emulator).CreateRoomAsync(new CreateRoomRequest { Name = "retry" }, ct);
        var received = await sink.WaitForAsync(3, ct);

        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => Verify(r).Id).Distinct());
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await WebhookSink.StartAsync(400);
        await using var emulator = await EmulatorHost.StartAsync(o =>
        {
            o.WebhookUrls = [sink.Url];
            o.WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(20);
        }, ct);

        await ClientFor(emulator).CreateRoomAsync(new CreateRoomRequest { Name = "no-retry" }, ct);
        await sink.WaitForAsync(1, ct);
        await Task.Delay(300, ct);

        Assert.Single(sink.Received);
        Assert.Equal(1, Assert.Single(emulator.Webhooks.Deliveries).Attempts);
    }

    [Fact]
    public async Task AnUnreachableReceiverGetsFiveAttempts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(o =>
        {
            o.WebhookUrls = [$"http://127.0.0.1:{FreeTcpPort.Next()}/webhook"];
            o.WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(10);
        }, ct);

        await ClientFor(emulator).CreateRoomAsync(new CreateRoomRequest { Name = "nobody-home" }, ct);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (emulator.Webhooks.Deliveries.Single().Attempts < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, ct);
        }
        await Task.Delay(300, ct);

        Assert.Equal(5, emulator.Webhooks.Deliveries.Single().Attempts);
    }

    private static LiveKitWebhookEvent Verify(ReceivedWebhook webhook)
    {
        var verifier = new WebhookVerifier(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System);
        var result = verifier.Verify(webhook.Authorization, webhook.Body);
        Assert.True(result.IsValid, $"{result.Rejection}: {result.Reason}");
        return result.Event!;
    }

    private static RoomServiceClient ClientFor(EmulatorHost emulator)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new LiveKitOptions
        {
            Url = emulator.Url, ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
        });
        return new RoomServiceClient(new HttpClient { BaseAddress = options.Value.GetApiBaseUri() },
            new AccessTokenIssuer(options, TimeProvider.System));
    }
}
