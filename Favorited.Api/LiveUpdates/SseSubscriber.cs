using System.Threading.Channels;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// One open event stream: a small queue of frames between the hub and the response. Disposing it releases the
/// hub's subscription (the Redis one too, when it was the stream's last subscriber in this process).
/// </summary>
public sealed class SseSubscriber : IDisposable
{
    private readonly StreamEventHub _hub;
    private readonly Channel<SseFrame> _frames;
    private volatile bool _completed;
    private Action? _abort;
    private int _dropped;

    internal SseSubscriber(StreamEventHub hub, HubTopic topic, int capacity, string? viewerId)
    {
        _hub = hub;
        Topic = topic;
        ViewerId = viewerId;
        _frames = Channel.CreateBounded<SseFrame>(new BoundedChannelOptions(capacity) { SingleReader = true });
    }

    internal HubTopic Topic { get; }

    /// <summary>Who is watching (null: anonymous); a private stream's notices reach its creator only.</summary>
    internal string? ViewerId { get; }

    /// <summary>It fell behind and was cut off: what is still queued is stale, the reconnect brings the state.</summary>
    public bool Dropped => Volatile.Read(ref _dropped) != 0;

    public ChannelReader<SseFrame> Frames => _frames.Reader;

    /// <summary>How to cut the connection off if it is dropped: a write to a client that stopped reading never returns.</summary>
    public void AbortWith(Action abort)
    {
        // Both sides write with a full fence, then read the other's field: however they interleave, one aborts.
        Interlocked.Exchange(ref _abort, abort);
        if (Dropped)
        {
            abort();
        }
    }

    /// <summary>Queues the frame; a subscriber whose queue is full is dropped rather than buffered without bound.</summary>
    /// <returns>False when this dropped it.</returns>
    internal bool Offer(SseFrame frame)
    {
        if (TryOffer(frame) || _completed)
        {
            return true;
        }
        Interlocked.Exchange(ref _dropped, 1);
        Complete();
        Volatile.Read(ref _abort)?.Invoke();
        return false;
    }

    /// <returns>False when the queue is full or closed.</returns>
    internal bool TryOffer(SseFrame frame) => _frames.Writer.TryWrite(frame);

    /// <summary>No more frames: the response ends after the queued ones.</summary>
    internal void Complete()
    {
        _completed = true;
        _frames.Writer.TryComplete();
    }

    public void Dispose() => _hub.Release(this);
}
