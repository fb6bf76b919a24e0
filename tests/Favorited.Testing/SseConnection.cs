using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Xunit;

namespace Favorited.Testing;

/// <summary>One Server-Sent Event as the browser's EventSource would dispatch it.</summary>
public sealed record SseEvent(string? Id, string Type, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    public long NumericId => long.Parse(Id ?? throw new InvalidOperationException($"The {Type} event has no id."));
}

/// <summary>
/// An open event stream read in the background and parsed into events and comments. Every wait is bounded, so a
/// broken feature fails the test instead of hanging it.
/// </summary>
public sealed class SseConnection : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly ConcurrentQueue<string> _comments = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private bool _disposed;

    private SseConnection(HttpResponseMessage response)
    {
        Response = response;
        _reading = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? ReadAsync(_stop.Token)
            : Task.CompletedTask;
        if (_reading.IsCompleted)
        {
            _events.Writer.TryComplete();
        }
    }

    public HttpResponseMessage Response { get; }

    /// <summary>The comment lines received so far, without the leading colon (e.g. <c>" heartbeat"</c>).</summary>
    public IReadOnlyCollection<string> Comments => _comments;

    /// <summary>The server closed the stream (end of the body).</summary>
    public bool Ended { get; private set; }

    public static async Task<SseConnection> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var timeout = Timeout(DefaultTimeout);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return new SseConnection(response);
    }

    /// <summary>The next event; fails if none comes in time or the stream ends first.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = Timeout(timeout ?? DefaultTimeout);
        try
        {
            if (await _events.Reader.WaitToReadAsync(cts.Token) && _events.Reader.TryRead(out var next))
            {
                return next;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No SSE event within {timeout ?? DefaultTimeout}.");
        }
        throw new InvalidOperationException("The event stream ended before the next event.");
    }

    /// <summary>The next event of the given type, skipping others (e.g. other streams' on the list-page channel).</summary>
    public async Task<SseEvent> NextAsync(Func<SseEvent, bool> wanted, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var next = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            if (wanted(next))
            {
                return next;
            }
        }
    }

    /// <summary>Whether an event is waiting right now (without waiting for one).</summary>
    public bool HasPendingEvent => _events.Reader.TryPeek(out _);

    /// <summary>Waits for the server to end the stream; returns the events that came before the end.</summary>
    public async Task<IReadOnlyList<SseEvent>> WaitForEndAsync(TimeSpan? timeout = null)
    {
        using var cts = Timeout(timeout ?? DefaultTimeout);
        var rest = new List<SseEvent>();
        try
        {
            await foreach (var item in _events.Reader.ReadAllAsync(cts.Token))
            {
                rest.Add(item);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The event stream did not end within {timeout ?? DefaultTimeout}.");
        }
        return rest;
    }

    public async Task WaitForCommentAsync(string comment, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!_comments.Contains(comment))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No ':{comment}' comment within {timeout ?? DefaultTimeout}.");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _stop.CancelAsync();
        Response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception)
        {
            // Reading stops with whatever cancelling it throws.
        }
        _stop.Dispose();
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        try
        {
            using var reader = new StreamReader(await Response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
            string? id = null, type = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        _events.Writer.TryWrite(new SseEvent(id, type ?? "message", data.ToString(0, data.Length - 1)));
                    }
                    type = null;
                    data.Clear();
                    continue;
                }
                if (line[0] == ':')
                {
                    _comments.Enqueue(line[1..]);
                    continue;
                }
                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..];
                value = value.StartsWith(' ') ? value[1..] : value;
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "data": data.Append(value).Append('\n'); break;
                }
            }
            Ended = true;
            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(ex);
        }
    }

    private static CancellationTokenSource Timeout(TimeSpan timeout)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        return cts;
    }
}
