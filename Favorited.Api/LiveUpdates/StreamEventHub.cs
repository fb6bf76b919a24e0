using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// Fans live-state events out to this process's SSE connections. Each stream with local subscribers has one Redis
/// subscription (made by its first subscriber, undone when its last one goes); the list page shares one subscription
/// to the all-streams channel. A stream's notice is read into a frame once, and those bytes are written into every
/// subscriber's response from the thread that received it (a slice per core when there are many). A subscriber that
/// falls further behind than its backlog is dropped, and one timer sends every connection its heartbeat.
/// </summary>
public sealed class StreamEventHub : IDisposable
{
    // Below this many subscribers an event is written from one thread: a hop to the others would cost more than it saves.
    private const int SubscribersPerSlice = 500;

    private readonly IConnectionMultiplexer _redis;
    private readonly LiveStateStore _liveState;
    private readonly StreamEventFrames _frames;
    private readonly int _bufferSize;
    private readonly ILogger<StreamEventHub> _logger;
    private readonly ITimer _heartbeat;
    private readonly CancellationTokenRegistration _onStopping;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, HubTopic> _streams = [];
    private HubTopic? _allStreams;
    private int _connections;
    private bool _stopping;

    public StreamEventHub(IConnectionMultiplexer redis, LiveStateStore liveState, StreamEventFrames frames,
        IOptions<SseOptions> options, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<StreamEventHub> logger)
    {
        _redis = redis;
        _liveState = liveState;
        _frames = frames;
        _bufferSize = options.Value.SubscriberBufferSize;
        _logger = logger;
        var interval = options.Value.HeartbeatInterval;
        // The hub is made in the first request that needs it: neither callback may keep that request's execution context.
        _heartbeat = OutsideRequest(() => timeProvider.CreateTimer(_ => SendHeartbeats(), null, interval, interval));
        // Open event streams would hold up shutdown until the host gives up on them.
        _onStopping = lifetime.ApplicationStopping.UnsafeRegister(_ => CloseAll(), null);
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>Open SSE connections in this process.</summary>
    public int Connections
    {
        get
        {
            lock (_gate)
            {
                return _connections;
            }
        }
    }

    /// <summary>Streams this process holds a Redis subscription for.</summary>
    public int Streams
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>Subscribes to one stream's events; returns once Redis delivers them, so none is missed after.</summary>
    public Task<SseSubscriber> SubscribeAsync(Guid streamId)
    {
        SseSubscriber subscriber;
        lock (_gate)
        {
            if (!_streams.TryGetValue(streamId, out var topic))
            {
                topic = new HubTopic(RedisChannel.Literal(RedisKeys.StreamEventsChannel(streamId)), streamId);
                _streams.Add(streamId, topic);
                topic.Subscribed = OutsideRequest(() => StartAsync(topic, message => OnStreamMessageAsync(topic, message)));
            }
            subscriber = Join(topic);
        }
        return ReadyAsync(subscriber);
    }

    /// <summary>Subscribes to every stream's notices, for the list page: a private stream's go to its creator only.</summary>
    /// <param name="viewerId">Who is watching; null when anonymous.</param>
    public Task<SseSubscriber> SubscribeAllAsync(string? viewerId)
    {
        SseSubscriber subscriber;
        lock (_gate)
        {
            if (_allStreams is not { } topic)
            {
                topic = _allStreams = new HubTopic(RedisChannel.Literal(RedisKeys.AllStreamEventsChannel), null);
                topic.Subscribed = OutsideRequest(() => StartAsync(topic, message => OnAllStreamsMessage(topic, message)));
            }
            subscriber = Join(topic, viewerId);
        }
        return ReadyAsync(subscriber);
    }

    /// <summary>Idempotent; the last subscriber of a topic takes its Redis subscription with it.</summary>
    internal void Release(SseSubscriber subscriber)
    {
        var topic = subscriber.Topic;
        ChannelMessageQueue? unsubscribe = null;
        lock (_gate)
        {
            if (!topic.Remove(subscriber))
            {
                return;
            }
            _connections--;
            if (topic.IsEmpty)
            {
                topic.Closed = true;
                unsubscribe = topic.Queue;
                if (topic.StreamId is { } streamId)
                {
                    _streams.Remove(streamId);
                }
                else
                {
                    _allStreams = null;
                }
            }
        }
        subscriber.Complete();
        if (unsubscribe is not null)
        {
            _ = UnsubscribeAsync(unsubscribe);
        }
    }

    public void Dispose()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        _onStopping.Dispose();
        _heartbeat.Dispose();
        CloseAll();
    }

    // Called under the lock.
    private SseSubscriber Join(HubTopic topic, string? viewerId = null)
    {
        var subscriber = new SseSubscriber(this, topic, _bufferSize, viewerId);
        topic.Add(subscriber);
        _connections++;
        if (_stopping)
        {
            subscriber.Complete();
        }
        return subscriber;
    }

    private async Task<SseSubscriber> ReadyAsync(SseSubscriber subscriber)
    {
        try
        {
            await subscriber.Topic.Subscribed;
            return subscriber;
        }
        catch
        {
            Release(subscriber);
            throw;
        }
    }

    /// <summary>
    /// Starts what outlives the request that happens to start it (a topic's subscription and message loop, the heartbeat
    /// timer) without that request's execution context: otherwise its work would be traced and logged as part of that
    /// request, and the Redis instrumentation would keep a profiling session, with every command it runs, for it.
    /// </summary>
    private static T OutsideRequest<T>(Func<T> start)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return start();
        }
        using (ExecutionContext.SuppressFlow())
        {
            return start();
        }
    }

    private async Task StartAsync(HubTopic topic, Func<ChannelMessage, Task> onMessage)
    {
        // Started under the lock: yield first, so the Redis round trip does not hold it.
        await Task.Yield();
        var queue = await _redis.GetSubscriber().SubscribeAsync(topic.Channel);
        queue.OnMessage(onMessage);
        bool closed;
        lock (_gate)
        {
            topic.Queue = queue;
            closed = topic.Closed;
        }
        if (closed)
        {
            await UnsubscribeAsync(queue);
        }
    }

    private async Task UnsubscribeAsync(ChannelMessageQueue queue)
    {
        try
        {
            await queue.UnsubscribeAsync();
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // Without a connection there is no subscription left to undo.
            Log.SseUnsubscribeFailed(_logger, queue.Channel.ToString(), ex.Message);
        }
    }

    // Messages of one channel arrive here one at a time, in order.
    private async Task OnStreamMessageAsync(HubTopic topic, ChannelMessage message)
    {
        var notice = StreamEvents.Parse(message.Message);
        if (notice is null || notice.StreamId != topic.StreamId)
        {
            return;
        }
        try
        {
            topic.LastEventId = notice.Id;
            if (notice.Payload is not null)
            {
                await PublishAsync(topic, new SseFrame(notice.Id, StreamEventFrames.Announcement(notice)));
                return;
            }
            // Every change is published with its event, so the state read now includes this one (or later ones).
            var state = await _liveState.GetAsync(notice.StreamId);
            if (state is null)
            {
                Complete(topic);
                return;
            }
            var frame = _frames.State(notice.Id, notice.Type, state);
            await PublishAsync(topic, new SseFrame(notice.Id, frame, Final: notice.Type == StreamEvents.RoomEnded, CarriesState: true));
        }
        catch (Exception ex)
        {
            // The event cannot be delivered: the browsers reconnect and catch up from the state.
            Log.SseEventFailed(_logger, notice.Type, notice.StreamId, ex.Message);
            Complete(topic);
        }
    }

    // Messages published while the subscription connection was down are lost: each stream's subscribers get the
    // announcements they missed from the replay log and then the current state (each skipped by those that are up to date),
    // or room_ended if it ended meanwhile.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }
        HubTopic[] topics;
        lock (_gate)
        {
            topics = [.. _streams.Values];
        }
        foreach (var topic in topics)
        {
            _ = ResyncAsync(topic);
        }
    }

    private async Task ResyncAsync(HubTopic topic)
    {
        var streamId = topic.StreamId!.Value;
        try
        {
            var (state, replay) = await _liveState.GetAsync(streamId, replayAfter: topic.LastEventId);
            if (state is null)
            {
                Complete(topic);
                return;
            }
            if (state.LastEventId == topic.LastEventId)
            {
                return; // Nothing was missed (the connection may come back more than once).
            }
            if (replay.Incomplete)
            {
                await PublishAsync(topic, new SseFrame(0, StreamEventFrames.Resync));
            }
            foreach (var missed in replay.Events)
            {
                await PublishAsync(topic, new SseFrame(missed.Id, StreamEventFrames.Announcement(missed)));
            }
            topic.LastEventId = state.LastEventId;
            var ended = state.Status == LivestreamStatus.Ended;
            var type = ended ? StreamEvents.RoomEnded : StreamEventFrames.StateEvent;
            await PublishAsync(topic, new SseFrame(state.LastEventId, _frames.State(state.LastEventId, type, state), Final: ended,
                CarriesState: true));
        }
        catch (Exception ex)
        {
            Log.SseEventFailed(_logger, StreamEventFrames.StateEvent, streamId, ex.Message);
            Complete(topic);
        }
    }

    private Task OnAllStreamsMessage(HubTopic topic, ChannelMessage message) =>
        StreamEvents.Parse(message.Message) is { } notice
            ? PublishAsync(topic, new SseFrame(0, _frames.Notice(notice with { PrivateTo = null })),
                notice.PrivateTo is { } creator ? subscriber => subscriber.ViewerId == creator : null)
            : Task.CompletedTask;

    /// <summary>
    /// Writes the frame to every subscriber, a slice of them per core when there are many, and returns once each has it
    /// written or queued, so the next event of the topic comes after it for every subscriber.
    /// </summary>
    /// <param name="to">Which subscribers get it; null: every one.</param>
    private Task PublishAsync(HubTopic topic, SseFrame frame, Func<SseSubscriber, bool>? to = null)
    {
        var subscribers = Snapshot(topic);
        var slices = Math.Min(Environment.ProcessorCount, subscribers.Length / SubscribersPerSlice);
        if (slices <= 1)
        {
            Offer(topic, frame, to, subscribers);
            return Task.CompletedTask;
        }
        var size = (subscribers.Length + slices - 1) / slices;
        return Task.WhenAll(subscribers.Chunk(size).Select(slice => Task.Run(() => Offer(topic, frame, to, slice))));
    }

    private void Offer(HubTopic topic, SseFrame frame, Func<SseSubscriber, bool>? to, SseSubscriber[] subscribers)
    {
        foreach (var subscriber in subscribers)
        {
            if ((to is null || to(subscriber)) && !subscriber.Offer(frame))
            {
                Log.SseSubscriberDropped(_logger, topic.Channel.ToString());
            }
        }
    }

    private void SendHeartbeats()
    {
        HubTopic[] topics;
        lock (_gate)
        {
            topics = [.. _streams.Values, .. _allStreams is { } all ? [all] : Array.Empty<HubTopic>()];
        }
        foreach (var topic in topics)
        {
            foreach (var subscriber in Snapshot(topic))
            {
                try
                {
                    // A client with frames waiting is kept busy by them anyway.
                    subscriber.OfferIfIdle(StreamEventFrames.Heartbeat);
                }
                catch (Exception ex)
                {
                    // A timer callback that throws ends the process: one connection's failure must not.
                    Log.SseEventFailed(_logger, "heartbeat", topic.StreamId ?? Guid.Empty, ex.Message);
                }
            }
        }
    }

    private void Complete(HubTopic topic)
    {
        foreach (var subscriber in Snapshot(topic))
        {
            subscriber.Complete();
        }
    }

    private void CloseAll()
    {
        HubTopic[] topics;
        lock (_gate)
        {
            _stopping = true;
            topics = [.. _streams.Values, .. _allStreams is { } all ? [all] : Array.Empty<HubTopic>()];
        }
        foreach (var topic in topics)
        {
            Complete(topic);
        }
    }

    private SseSubscriber[] Snapshot(HubTopic topic)
    {
        lock (_gate)
        {
            return topic.Subscribers;
        }
    }
}
