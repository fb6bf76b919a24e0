using StackExchange.Redis;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// One Redis channel this process listens to, and its local subscribers. Guarded by the hub's lock; the
/// subscriber list is copied only when it changed, so fanning out an event allocates nothing per subscriber.
/// </summary>
internal sealed class HubTopic(RedisChannel channel, Guid? streamId)
{
    private readonly HashSet<SseSubscriber> _subscribers = [];
    private SseSubscriber[]? _snapshot;

    public RedisChannel Channel { get; } = channel;

    /// <summary>The stream whose events this is, or null for the all-streams channel.</summary>
    public Guid? StreamId { get; } = streamId;

    /// <summary>Completes once Redis delivers the channel's messages to this process.</summary>
    public Task Subscribed { get; set; } = Task.CompletedTask;

    public ChannelMessageQueue? Queue { get; set; }

    /// <summary>The last subscriber left; a subscription still being made is undone when it completes.</summary>
    public bool Closed { get; set; }

    public bool IsEmpty => _subscribers.Count == 0;

    private long _lastEventId;

    /// <summary>The id of the last event fanned out (a stream's topic); where a resync after a lost connection replays from.</summary>
    public long LastEventId
    {
        get => Volatile.Read(ref _lastEventId);
        set => Volatile.Write(ref _lastEventId, value);
    }

    public void Add(SseSubscriber subscriber)
    {
        _subscribers.Add(subscriber);
        _snapshot = null;
    }

    public bool Remove(SseSubscriber subscriber)
    {
        _snapshot = null;
        return _subscribers.Remove(subscriber);
    }

    public SseSubscriber[] Subscribers => _snapshot ??= [.. _subscribers];
}
