using OpenTelemetry.Instrumentation.AspNetCore;

namespace Favorited.LiveKitEmulator;

public static class EmulatorApp
{
    public static WebApplication Build(string[] args, Action<EmulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.ConfigureOpenTelemetry();
        // GET / is the health probe (LiveKit's): every few seconds a trace of its own would drown the rest.
        builder.Services.PostConfigure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var filter = options.Filter;
            options.Filter = context => context.Request.Path != "/" && (filter?.Invoke(context) ?? true);
        });
        builder.Services.AddOptions<EmulatorOptions>()
            .BindConfiguration("Emulator")
            .Configure(options => configure?.Invoke(options));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RoomStore>();
        builder.Services.AddSingleton<IoStore>();
        builder.Services.AddSingleton<TokenCheck>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHttpClient(nameof(WebhookDispatcher));

        var app = builder.Build();
        // LiveKit answers its health probe on GET / with "OK".
        app.MapGet("/", () => "OK");
        app.MapTwirpRoomService();
        app.MapTwirpIngressService();
        app.MapTwirpEgressService();
        app.MapEmulatorControl();
        return app;
    }
}
