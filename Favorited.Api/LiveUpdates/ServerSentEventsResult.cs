using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Net.Http.Headers;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// An event stream: the opening frames, then the subscriber's frames until the stream ends (a final frame, the hub
/// closing it, or the client leaving). Frames the opening already covers (ids up to <paramref name="sentId"/>) are skipped.
/// </summary>
public sealed class ServerSentEventsResult(SseSubscriber subscriber, byte[] opening, long sentId, bool closeAfterOpening = false)
    : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        using var _ = subscriber;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            // Only HTTP/1.1 has connection headers; HTTP/2 and 3 forbid them.
            response.Headers.Connection = "keep-alive";
            // A stream writes a few bytes now and then, so Kestrel's minimum data rate would cut a client whose link is
            // briefly slow; one that really falls behind is cut by the subscriber's buffer instead (Sse:SubscriberBufferSize).
            if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } minimumRate)
            {
                minimumRate.MinDataRate = null;
            }
        }
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var ct = context.RequestAborted;
        subscriber.AbortWith(context.Abort);
        var writer = response.BodyWriter;
        try
        {
            writer.Write(opening);
            if (await writer.FlushAsync(ct) is { IsCompleted: true } || closeAfterOpening)
            {
                return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // The client left.
        }

        // From here the hub writes the frames; this only waits for the stream to end.
        using (ct.Register(static state => ((SseSubscriber)state!).ClientLeft(), subscriber))
        {
            subscriber.Start(writer, sentId, ct);
            await subscriber.Ended;
        }
        await subscriber.StopWritingAsync();
    }
}
