using System.Net;
using System.Net.Http.Headers;
using Favorited.Testing;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// Stands where the emulator sends its webhooks and hands each one, as received (body, signature), to every Api replica in
/// turn, alternating which goes first; answers 200 only when every replica did, so the emulator retries otherwise. Every
/// webhook thus goes through each replica, and the Api's dedupe must queue it once.
/// </summary>
public sealed class WebhookRelay : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Task _serving;
    private long _received;
    private Uri[] _targets = [];
    private long[] _forwarded = [];

    public WebhookRelay()
    {
        Url = $"http://127.0.0.1:{FreeTcpPort.Next()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>How many webhooks each replica answered with success, in the order of <see cref="ForwardTo"/>.</summary>
    public IReadOnlyList<long> Forwarded => [.. _forwarded.Select(count => Interlocked.Read(ref count))];

    /// <summary>The Api replicas' webhook addresses; until set, webhooks are refused with 503 (the emulator retries).</summary>
    public void ForwardTo(IReadOnlyList<Uri> targets)
    {
        _forwarded = new long[targets.Count];
        _targets = [.. targets];
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => RelayAsync(context));
        }
    }

    private async Task RelayAsync(HttpListenerContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var (targets, forwarded) = (_targets, _forwarded);
            var all = targets.Length > 0;
            var first = (int)(Interlocked.Increment(ref _received) % Math.Max(targets.Length, 1));
            for (var i = 0; i < targets.Length && all; i++)
            {
                var target = (first + i) % targets.Length;
                using var request = new HttpRequestMessage(HttpMethod.Post, targets[target]) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/webhook+json");
                request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers["Authorization"]);
                using var response = await _http.SendAsync(request);
                all = response.IsSuccessStatusCode;
                if (all)
                {
                    Interlocked.Increment(ref forwarded[target]);
                }
            }
            context.Response.StatusCode = all ? 200 : 503;
        }
        catch (Exception)
        {
            context.Response.StatusCode = 503;
        }
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        _http.Dispose();
    }
}
