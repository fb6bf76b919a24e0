using System.Buffers;
using System.IO.Pipelines;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// One open event stream. The hub writes each frame straight into the response on the thread that publishes it, as a
/// bare Kestrel fan-out would: no queue, task or thread-pool hop per subscriber while the client keeps up. Frames that
/// come while the client is behind (its last flush still waiting for the socket) or before the opening is sent wait in
/// a small backlog; a client that falls further behind is cut off. Disposing it releases the hub's subscription (the
/// Redis one too, when it was the stream's last subscriber in this process).
/// </summary>
public sealed class SseSubscriber : IDisposable
{
    private readonly StreamEventHub _hub;
    private readonly int _capacity;
    // Guards everything below, and every write to the response: the hub's publisher, the heartbeat timer and the end
    // of a flush may each write, and a PipeWriter takes one writer at a time.
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PipeWriter? _writer;
    private CancellationToken _clientLeft;
    private Queue<SseFrame>? _backlog;
    private Task _flushing = Task.CompletedTask;
    private long _sentId;
    private long _stateId;
    private bool _completing;
    private bool _closed;
    private Action? _abort;
    private int _dropped;

    internal SseSubscriber(StreamEventHub hub, HubTopic topic, int capacity, string? viewerId)
    {
        _hub = hub;
        _capacity = capacity;
        Topic = topic;
        ViewerId = viewerId;
    }

    internal HubTopic Topic { get; }

    /// <summary>Who is watching (null: anonymous); a private stream's notices reach its creator only.</summary>
    internal string? ViewerId { get; }

    /// <summary>It fell behind and was cut off: what is still queued is stale, the reconnect brings the state.</summary>
    private bool Dropped => Volatile.Read(ref _dropped) != 0;

    /// <summary>Completes when nothing more will be written: the last frame is sent, the client left or was cut off.</summary>
    public Task Ended => _ended.Task;

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

    /// <summary>
    /// The opening is sent: frames go to <paramref name="writer"/> from now on, the backlog first. Those with an id up to
    /// <paramref name="sentId"/> are skipped, as the opening covered them.
    /// </summary>
    /// <param name="clientLeft">The request's end: it cancels a flush waiting for a client that will never read it.</param>
    public void Start(PipeWriter writer, long sentId, CancellationToken clientLeft)
    {
        lock (_gate)
        {
            _writer = writer;
            _clientLeft = clientLeft;
            _sentId = sentId;
            _stateId = sentId;
            if (!_closed)
            {
                WriteBacklogLocked();
            }
        }
    }

    /// <summary>The client left: nothing more is written.</summary>
    public void ClientLeft()
    {
        lock (_gate)
        {
            EndLocked();
        }
    }

    /// <summary>Stops all writing, and waits for a flush still in progress, so the response can end.</summary>
    public Task StopWritingAsync()
    {
        lock (_gate)
        {
            EndLocked();
            return _flushing;
        }
    }

    /// <summary>Writes the frame now, or queues it while the client is behind; one whose backlog is full is cut off.</summary>
    /// <returns>False when this cut it off.</returns>
    internal bool Offer(SseFrame frame)
    {
        lock (_gate)
        {
            if (_completing || _closed)
            {
                return true;
            }
            if (_writer is not null && _flushing.IsCompleted)
            {
                WriteLocked(frame);
                FlushLocked();
                return true;
            }
            _backlog ??= new Queue<SseFrame>(_capacity);
            if (_backlog.Count < _capacity)
            {
                _backlog.Enqueue(frame);
                return true;
            }
            Interlocked.Exchange(ref _dropped, 1);
            EndLocked();
        }
        Volatile.Read(ref _abort)?.Invoke();
        return false;
    }

    /// <summary>Writes the frame only if the client is idle and up to date (heartbeats: frames waiting keep it busy anyway).</summary>
    internal void OfferIfIdle(SseFrame frame)
    {
        lock (_gate)
        {
            if (!_completing && !_closed && _writer is not null && _flushing.IsCompleted && _backlog is not { Count: > 0 })
            {
                WriteLocked(frame);
                FlushLocked();
            }
        }
    }

    /// <summary>No more frames: the response ends once those already queued are sent.</summary>
    internal void Complete()
    {
        lock (_gate)
        {
            _completing = true;
            if (_writer is not null && _flushing.IsCompleted && _backlog is not { Count: > 0 })
            {
                EndLocked();
            }
        }
    }

    public void Dispose() => _hub.Release(this);

    private void WriteLocked(SseFrame frame)
    {
        if (_closed || (frame.Id != 0 && frame.Id <= (frame.CarriesState ? _stateId : _sentId)))
        {
            return;
        }
        try
        {
            _writer!.Write(frame.Bytes);
        }
        catch (Exception ex) when (ResponseIsOver(ex))
        {
            EndLocked();
            return;
        }
        _sentId = Math.Max(_sentId, frame.Id);
        if (frame.CarriesState)
        {
            _stateId = Math.Max(_stateId, frame.Id);
        }
        _completing |= frame.Final;
    }

    private void WriteBacklogLocked()
    {
        while (!_closed && _backlog is not null && _backlog.TryDequeue(out var frame))
        {
            WriteLocked(frame);
            if (frame.Final)
            {
                _backlog.Clear();
            }
        }
        FlushLocked();
    }

    private void FlushLocked()
    {
        if (_closed)
        {
            return;
        }
        ValueTask<FlushResult> flush;
        try
        {
            // Kestrel throws here, not in the task, once the client left: its token is cancelled before ClientLeft runs.
            flush = _writer!.FlushAsync(_clientLeft);
        }
        catch (Exception ex) when (ResponseIsOver(ex))
        {
            EndLocked();
            return;
        }
        if (!flush.IsCompleted)
        {
            // The client is behind: later frames wait in the backlog until the socket takes this one.
            _flushing = AfterFlushAsync(flush.AsTask());
            return;
        }
        AfterFlushLocked(Succeeded(flush));
    }

    private async Task AfterFlushAsync(Task<FlushResult> flush)
    {
        var wentOut = false;
        try
        {
            // A flush that completed meanwhile must not continue inline here: this thread holds the lock taken below.
            var result = await flush.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            wentOut = !result.IsCompleted && !result.IsCanceled;
        }
        catch (Exception ex) when (ResponseIsOver(ex))
        {
            // The client left while the frame was on its way.
        }
        lock (_gate)
        {
            _flushing = Task.CompletedTask;
            AfterFlushLocked(wentOut);
        }
    }

    private void AfterFlushLocked(bool wentOut)
    {
        if (!wentOut)
        {
            EndLocked();
        }
        else if (!_closed && _backlog is { Count: > 0 })
        {
            WriteBacklogLocked();
        }
        else if (_completing)
        {
            EndLocked();
        }
    }

    private static bool Succeeded(ValueTask<FlushResult> flush)
    {
        try
        {
            var result = flush.Result;
            return !result.IsCompleted && !result.IsCanceled;
        }
        catch (Exception ex) when (ResponseIsOver(ex))
        {
            return false;
        }
    }

    /// <summary>What writing to a response the client left, or one already completed, throws (Kestrel, TestServer).</summary>
    private static bool ResponseIsOver(Exception ex) => ex is OperationCanceledException or InvalidOperationException or IOException;

    private void EndLocked()
    {
        _completing = true;
        _closed = true;
        _ended.TrySetResult();
    }
}
