using System.Text.Json;
using Favorited.Core.LiveKit;
using Favorited.LiveKitEmulator;
using Favorited.Testing;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>
/// The emulator with a webhook sink, and the product's RoomService, Ingress and Egress clients pointed at it: what the
/// ingress and egress tests share.
/// </summary>
internal sealed class IoServicesHarness : IAsyncDisposable
{
    private static readonly LiveKitOptions Options = new()
    {
        Url = "http://127.0.0.1", ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
    };

    private IoServicesHarness(WebhookSink sink, EmulatorHost emulator)
    {
        Sink = sink;
        Emulator = emulator;
        var options = Microsoft.Extensions.Options.Options.Create(new LiveKitOptions
        {
            Url = emulator.Url, ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
        });
        var tokens = new AccessTokenIssuer(options, TimeProvider.System);
        Rooms = new RoomServiceClient(Http(options.Value), tokens);
        Ingress = new IngressClient(Http(options.Value), tokens);
        Egress = new EgressClient(Http(options.Value), tokens);
    }

    public WebhookSink Sink { get; }
    public EmulatorHost Emulator { get; }
    public RoomServiceClient Rooms { get; }
    public IngressClient Ingress { get; }
    public EgressClient Egress { get; }

    public static async Task<IoServicesHarness> StartAsync(CancellationToken ct, Action<EmulatorOptions>? configure = null)
    {
        var sink = await WebhookSink.StartAsync();
        var emulator = await EmulatorHost.StartAsync(o =>
        {
            o.WebhookUrls = [sink.Url];
            configure?.Invoke(o);
        }, ct);
        return new IoServicesHarness(sink, emulator);
    }

    /// <summary>
    /// Waits for at least <paramref name="count"/> webhooks whose event starts with <paramref name="prefix"/> (e.g.
    /// <c>egress_</c>), in the order received, each verified with Favorited's verifier as a receiver would.
    /// </summary>
    public async Task<IReadOnlyList<(LiveKitWebhookEvent Event, JsonElement Json)>> WebhooksAsync(string prefix, int count,
        CancellationToken ct)
    {
        bool Matches(ReceivedWebhook w) => w.Text.Contains($"\"event\":\"{prefix}");
        var received = await Eventually.MatchesAsync(() => Task.FromResult(Sink.Received), r => r.Count(Matches) >= count,
            TimeSpan.FromSeconds(10), $"{count} {prefix}* webhooks", ct);
        return [.. received.Where(Matches).Select(w => (Verify(w), JsonDocument.Parse(w.Body).RootElement.Clone()))];
    }

    /// <summary>The events the emulator has sent so far, in the order it sent them (across its queues).</summary>
    public IReadOnlyList<string> SentEvents() => [.. Emulator.Webhooks.Deliveries.Select(d => d.Event)];

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await Sink.DisposeAsync();
    }

    private static HttpClient Http(LiveKitOptions options) => new() { BaseAddress = options.GetApiBaseUri() };

    private static LiveKitWebhookEvent Verify(ReceivedWebhook webhook)
    {
        var verifier = new WebhookVerifier(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System);
        var result = verifier.Verify(webhook.Authorization, webhook.Body);
        Assert.True(result.IsValid, $"{result.Rejection}: {result.Reason}");
        return result.Event!;
    }
}
