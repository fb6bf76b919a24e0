// A bare ASP.NET Core endpoint for the benchmark's baselines: the Api's host builder and Kestrel limits, and
// handlers that do nothing but read the request and answer 200 with a body of the Api's size.
using Microsoft.AspNetCore.Server.Kestrel.Core;

var builder = WebApplication.CreateBuilder(args);
// The Api's only Kestrel setting.
builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = 100 * 1024);

var app = builder.Build();

app.MapPost("/api/v1/webhooks/livekit", async (HttpRequest request) =>
{
    using var body = new MemoryStream();
    await request.Body.CopyToAsync(body);
    return TypedResults.Ok(new { success = true, message = "Webhook queued for processing" });
});
app.MapGet("/api/v1/livestreams", () => TypedResults.Ok(new { success = true, data = Array.Empty<object>(), count = 0 }));
app.MapGet("/health", () => TypedResults.Ok(new { success = true }));

app.Run();
