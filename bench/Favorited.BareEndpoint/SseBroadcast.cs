using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Favorited.BareEndpoint;

/// <summary>
/// The floor for the Api's event streams: each stream gets the Api's headers and opening, then is only held open; an
/// event is one frame, encoded once and written to every open stream.
/// </summary>
public sealed class SseBroadcast
{
    private static readonly byte[] Opening = ": connected\n\nretry: 5000\n\n"u8.ToArray();

    // A stream's state as the Api serializes it (one viewer connected), so each frame has the size of its viewer_count_update.
    private const string State = """{"streamId":"0b0d5c6e-6a4f-4c59-9d43-2f0f3c1a7e11","status":"LIVE","participants":["sse-probe"],"startedAt":"2026-12-07T18:47:11.123Z","viewerCount":1,"totalViewers":1,"peakViewerCount":1,"hostInfo":{"userId":"4f2a8c1e-93b7-4d6a-8e25-7c1b0a9d3f64","displayName":"Benchmark host"}}""";

    private readonly ConcurrentDictionary<HttpResponse, bool> _open = new();
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private long _lastId;

    /// <summary>Writes the headers and the opening (with a <c>state</c> event), then holds the response until the client leaves.</summary>
    public async Task HoldAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers.Connection = "keep-alive";
        if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } minimumRate)
        {
            minimumRate.MinDataRate = null;
        }
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var left = context.RequestAborted;
        await response.BodyWriter.WriteAsync(Opening, left);
        await response.BodyWriter.WriteAsync(Frame("state", Interlocked.Read(ref _lastId)), left);

        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (left.Register(() => gone.TrySetResult()))
        {
            _open[response] = true;
            await gone.Task;
        }
        _open.TryRemove(response, out _);
        // A publish that took this response before it left may still be writing to it; the response must outlive that write.
        await _publishing.WaitAsync();
        _publishing.Release();
    }

    /// <summary>
    /// Writes the next event to every open stream; returns how many it went to and how long it took until every write
    /// and flush had completed (the frames handed to the sockets, not yet read).
    /// </summary>
    public async Task<(int Subscribers, double WriteMs)> PublishAsync()
    {
        await _publishing.WaitAsync();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var frame = Frame("viewer_count_update", Interlocked.Increment(ref _lastId));
            var responses = _open.Keys;
            // One slice per core, as the Api's hub spreads its writes over the thread pool.
            var slices = Environment.ProcessorCount;
            await Task.WhenAll(Enumerable.Range(0, slices).Select(slice => Task.Run(() => WriteAsync(responses, slice, slices, frame))));
            return (responses.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            _publishing.Release();
        }
    }

    private static async Task WriteAsync(ICollection<HttpResponse> responses, int slice, int slices, byte[] frame)
    {
        var pending = new List<Task>();
        var index = 0;
        foreach (var response in responses)
        {
            if (index++ % slices != slice)
            {
                continue;
            }
            // WriteAsync on the body writer copies the frame into the response's pipe and flushes it.
            var write = response.BodyWriter.WriteAsync(frame);
            if (!write.IsCompletedSuccessfully)
            {
                pending.Add(write.AsTask());
            }
        }
        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // A client left during the write; its stream is removed when its handler sees it.
        }
    }

    private static byte[] Frame(string type, long id) => Encoding.UTF8.GetBytes($"id: {id}\nevent: {type}\ndata: {State}\n\n");
}
