using System.Text.Json;
using Favorited.Core.LiveKit;
using Favorited.LiveKitEmulator;
using Favorited.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Favorited.Core.Tests.LiveKit;

/// <summary>
/// The emulator with a webhook sink, and the product's RoomService, Ingress and Egress clients
/// wired as the services wire them (<c>AddLiveKit</c>) and pointed at it: what the
/// ingress and egress tests share.
/// </summary>
internal sealed class IoServicesHarness : IAsyncDisposable
{
    private static readonly LiveKitOptions Options = new()
    {
        Url = "http://127.0.0.1", ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
    };

    private readonly IHost _host;

    private IoServicesHarness(WebhookSink sink, EmulatorHost emulator)
    {
        Sink = sink;
        Emulator = emulator;
        _host = BuildHost(emulator.Url, EmulatorHost.ApiSecret);
    }

    public WebhookSink Sink { get; }
    public EmulatorHost Emulator { get; }
    public RoomServiceClient Rooms => _host.Services.GetRequiredService<RoomServiceClient>();
    public IngressClient Ingress => _host.Services.GetRequiredService<IngressClient>();
    public EgressClient Egress => _host.Services.GetRequiredService<EgressClient>();

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

    /// <summary>The services' LiveKit wiring (<c>AddLiveKit</c>) against the emulator, signing with <paramref name="secret"/>.</summary>
    public static IHost BuildHost(string url, string secret)
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

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Emulator.DisposeAsync();
        await Sink.DisposeAsync();
    }

    private static LiveKitWebhookEvent Verify(ReceivedWebhook webhook)
    {
        var verifier = new WebhookVerifier(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System);
        var result = verifier.Verify(webhook.Authorization, webhook.Body);
        Assert.True(result.IsValid, $"{result.Rejection}: {result.Reason}");
        return result.Event!;
    }
}
