using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Favorited.Testing;

/// <summary>
/// An HTTP endpoint on a free loopback port that records every webhook it receives and answers with
/// the status codes it is given, in turn (200 once they run out).
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookSink(IEnumerable<int> statuses)
    {
        _statuses = new ConcurrentQueue<int>(statuses);
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        _app = builder.Build();
        _app.MapPost("/webhook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue(new ReceivedWebhook(
                request.Headers.Authorization.ToString(), request.ContentType ?? "",
                request.Headers.UserAgent.ToString(), body.ToArray()));
            return Results.StatusCode(_statuses.TryDequeue(out var status) ? status : 200);
        });
    }

    public string Url => _app.Urls.Single() + "/webhook";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookSink> StartAsync(params int[] statuses)
    {
        var sink = new WebhookSink(statuses);
        await sink._app.StartAsync();
        return sink;
    }

    /// <summary>Waits until at least <paramref name="count"/> webhooks arrived, or 10 s passed.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(string Authorization, string ContentType, string UserAgent, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
