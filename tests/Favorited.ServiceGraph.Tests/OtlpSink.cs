using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Favorited.ServiceGraph.Tests;

/// <summary>
/// An OTLP/HTTP endpoint (what the Aspire dashboard offers) that keeps every export it receives. Exports are
/// protobuf; service names and span names are plain UTF-8 inside, which is all the tests look for.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, string Text)> _exports = new();

    private OtlpSink(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    public static async Task<OtlpSink> StartAsync()
    {
        var app = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]).Build();
        var sink = new OtlpSink(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            sink._exports.Enqueue((signal, Encoding.UTF8.GetString(body.ToArray())));
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    /// <summary>Whether some export of the signal (traces, metrics, logs) contains every one of the strings.</summary>
    public bool Received(string signal, params string[] texts) =>
        _exports.Any(e => e.Signal == signal && texts.All(t => e.Text.Contains(t, StringComparison.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
