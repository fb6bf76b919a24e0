using Favorited.LiveKitEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Favorited.Testing;

/// <summary>The LiveKit emulator on a free loopback port, over real HTTP.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    public const string ApiKey = "devkey";
    public const string ApiSecret = "secret";
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app)
    {
        _app = app;
        Url = app.Urls.Single();
    }

    /// <summary>The server API base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public RoomStore Rooms => _app.Services.GetRequiredService<RoomStore>();

    public WebhookDispatcher Webhooks => _app.Services.GetRequiredService<WebhookDispatcher>();

    public static async Task<EmulatorHost> StartAsync(
        Action<EmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var app = EmulatorApp.Build(["--urls", "http://127.0.0.1:0"], options =>
        {
            options.ApiKey = ApiKey;
            options.ApiSecret = ApiSecret;
            configure?.Invoke(options);
        });
        await app.StartAsync(cancellationToken);
        return new EmulatorHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
