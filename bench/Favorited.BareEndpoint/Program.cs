// A bare ASP.NET Core endpoint for the benchmark's baselines: the Api's host builder and Kestrel limits, handlers that do
// nothing but read the request and answer 200 with a body of the Api's size, and event streams that are only held open
// and written one shared frame per event (SseBroadcast).
using Favorited.BareEndpoint;
using Microsoft.AspNetCore.Server.Kestrel.Core;

var builder = WebApplication.CreateBuilder(args);
// The Api's Kestrel limits (Favorited.Api's SetServerLimits, with its defaults); connections follow Sse:MaxConnections as there.
var sseConnections = builder.Configuration.GetValue<long?>("Sse:MaxConnections") ?? 25_000;
builder.Services.Configure<KestrelServerOptions>(options =>
{
    options.Limits.MaxRequestBodySize = 100 * 1024;
    options.Limits.MaxConcurrentConnections = sseConnections + 5_000;
    options.Limits.MaxConcurrentUpgradedConnections = 0;
    options.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
    options.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
    options.Limits.MinResponseDataRate = new MinDataRate(240, TimeSpan.FromSeconds(5));
});
builder.Services.AddSingleton<SseBroadcast>();

var app = builder.Build();

app.MapPost("/api/v1/webhooks/livekit", async (HttpRequest request) =>
{
    using var body = new MemoryStream();
    await request.Body.CopyToAsync(body);
    return TypedResults.Ok(new { success = true, message = "Webhook queued for processing" });
});
app.MapGet("/api/v1/livestreams", () => TypedResults.Ok(new { success = true, data = Array.Empty<object>(), count = 0 }));
app.MapGet("/health", () => TypedResults.Ok(new { success = true }));
app.MapGet("/sse", (HttpContext context, SseBroadcast broadcast) => broadcast.HoldAsync(context));
app.MapPost("/sse/publish", async (SseBroadcast broadcast) =>
{
    var (subscribers, writeMs) = await broadcast.PublishAsync();
    return TypedResults.Ok(new { success = true, subscribers, writeMs });
});

app.Run();
