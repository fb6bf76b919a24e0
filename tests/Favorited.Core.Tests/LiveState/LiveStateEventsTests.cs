using System.Collections.Concurrent;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Favorited.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.Core.Tests.LiveState;

/// <summary>The events the live-state scripts publish, and the viewer-count throttle, seen from a subscriber.</summary>
public sealed class LiveStateEventsTests(TestServers servers) : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private readonly ConcurrentQueue<StreamEventNotice> _perStream = new();
    private readonly ConcurrentQueue<StreamEventNotice> _allStreams = new();
    private readonly Guid _id = Guid.NewGuid();
    private ConnectionMultiplexer _redis = null!;
    private LiveStateStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.NewDatabaseConnectionString());
        _store = new LiveStateStore(_redis, Options.Create(new LiveStateOptions { ThrottleWindow = Window }));
        var subscriber = _redis.GetSubscriber();
        // Queues, not handlers: handlers may run concurrently and so out of order.
        (await subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.StreamEventsChannel(_id))))
            .OnMessage(message => _perStream.Enqueue(StreamEvents.Parse(message.Message)!));
        (await subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.AllStreamEventsChannel))).OnMessage(message =>
        {
            if (StreamEvents.Parse(message.Message) is { } notice && notice.StreamId == _id)
            {
                _allStreams.Enqueue(notice);
            }
        });
        await _store.InitializeAsync(_id, DateTime.UtcNow, "host-1", "host-1");
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task EveryChangePublishesANoticeWithTheNextId()
    {
        await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer);
        await _store.PublishStartedAsync(_id);
        await _store.EndAsync(_id);

        var notices = await ReceiveAsync(3);
        Assert.Equal(
        [
            new StreamEventNotice(_id, StreamEvents.ViewerCountUpdate, 1, LivestreamStatus.Live, 1),
            new StreamEventNotice(_id, StreamEvents.RoomStarted, 2, LivestreamStatus.Live, 1),
            new StreamEventNotice(_id, StreamEvents.RoomEnded, 3, LivestreamStatus.Ended, 1),
        ], notices);
        Assert.Equal(3, (await _store.GetAsync(_id))!.LastEventId);
        Assert.Equal(notices, await EventuallyAsync(() => _allStreams.ToList(), n => n.Count == 3));
    }

    [Fact]
    public async Task AnEndedStreamPublishesNothingMore()
    {
        Assert.True(await _store.EndAsync(_id));
        Assert.False(await _store.EndAsync(_id));
        Assert.False(await _store.ParticipantConnectedAsync(_id, "late-viewer", ParticipantRole.Viewer));
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.Equal([StreamEvents.RoomEnded], _perStream.Select(n => n.Type));
        Assert.Equal(0, (await _store.GetAsync(_id))!.ViewerCount);
    }

    [Fact]
    public async Task ASmallChangeIsHeldBackAndSentWhenItsWindowEnds()
    {
        var twenty = Enumerable.Range(1, 20).Select(i => $"viewer-{i}").ToList();
        await _store.ReplaceConnectedAsync(_id, [], twenty);
        Assert.Equal(20, (await ReceiveAsync(1))[0].ViewerCount);

        await _store.ParticipantConnectedAsync(_id, "viewer-21", ParticipantRole.Viewer); // 5 %: held back
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(0, await _store.FlushDueCountsAsync());
        Assert.Single(_perStream);

        await Task.Delay(Window, TestContext.Current.CancellationToken);
        Assert.Equal(1, await _store.FlushDueCountsAsync());
        Assert.Equal(0, await _store.FlushDueCountsAsync());
        var trailing = (await ReceiveAsync(2))[1];
        Assert.Equal((StreamEvents.ViewerCountUpdate, 21), (trailing.Type, trailing.ViewerCount));
    }

    [Fact]
    public async Task ALargeChangeIsSentAtOnceAndAChangeUndoneInTheWindowIsNotSent()
    {
        var twenty = Enumerable.Range(1, 20).Select(i => $"viewer-{i}").ToList();
        await _store.ReplaceConnectedAsync(_id, [], twenty);
        await _store.ParticipantConnectedAsync(_id, "viewer-21", ParticipantRole.Viewer);
        await _store.ParticipantDisconnectedAsync(_id, "viewer-21"); // back to what was sent
        await _store.ReplaceConnectedAsync(_id, [], [.. twenty, "a", "b", "c", "d", "e"]); // +5: at once

        Assert.Equal([20, 25], (await ReceiveAsync(2)).Select(n => n.ViewerCount));
        await Task.Delay(Window + TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        Assert.Equal(0, await _store.FlushDueCountsAsync());
        Assert.Equal(2, _perStream.Count);
    }

    [Fact]
    public async Task TwoProcessesShareOneThrottle()
    {
        await using var otherRedis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var other = new LiveStateStore(otherRedis, Options.Create(new LiveStateOptions { ThrottleWindow = Window }));
        var twenty = Enumerable.Range(1, 20).Select(i => $"viewer-{i}").ToList();
        await _store.ReplaceConnectedAsync(_id, [], twenty);

        await other.ParticipantConnectedAsync(_id, "viewer-21", ParticipantRole.Viewer);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.Single(_perStream);
    }

    [Fact]
    public async Task AChangeOlderThanTheIdentitysLastIsDroppedWithoutANotice()
    {
        Assert.True(await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer, version: 2));
        Assert.Equal(1, (await ReceiveAsync(1))[0].ViewerCount);

        // Version 1 committed first, but its process reached Redis second (e.g. it stalled and its entries were claimed).
        Assert.False(await _store.ParticipantDisconnectedAsync(_id, "viewer-1", version: 1));
        // A replay of version 2 (Redis failed after applying it) changes nothing either.
        Assert.False(await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer, version: 2));
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.Single(_perStream);
        var state = (await _store.GetAsync(_id))!;
        Assert.Equal(["viewer-1"], state.Participants);
        Assert.Equal((1, 1), (state.ViewerCount, state.LastEventId));
    }

    [Fact]
    public async Task AnOlderChangeOfAnotherIdentityStillApplies()
    {
        Assert.True(await _store.ParticipantConnectedAsync(_id, "viewer-2", ParticipantRole.Viewer, version: 5));
        Assert.True(await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer, version: 4));
        // A change made outside the worker (the Api's leave) has no version and always applies.
        Assert.True(await _store.ParticipantDisconnectedAsync(_id, "viewer-2"));

        Assert.Equal(["viewer-1"], (await _store.GetAsync(_id))!.Participants);
    }

    [Fact]
    public async Task AReplacementDropsTheChangesItAlreadyHolds()
    {
        Assert.True(await _store.ReplaceConnectedAsync(_id, [], ["viewer-1"], version: 7));

        Assert.False(await _store.ParticipantDisconnectedAsync(_id, "viewer-1", version: 7));
        Assert.False(await _store.ParticipantConnectedAsync(_id, "viewer-2", ParticipantRole.Viewer, version: 6));
        Assert.False(await _store.ReplaceConnectedAsync(_id, [], [], version: 6));
        Assert.True(await _store.ParticipantConnectedAsync(_id, "viewer-3", ParticipantRole.Viewer, version: 8));

        Assert.Equal(["viewer-1", "viewer-3"], (await _store.GetAsync(_id))!.Participants);
    }

    private Task<List<StreamEventNotice>> ReceiveAsync(int count) =>
        EventuallyAsync(() => _perStream.ToList(), notices => notices.Count >= count);

    private static Task<List<StreamEventNotice>> EventuallyAsync(Func<List<StreamEventNotice>> probe, Func<List<StreamEventNotice>, bool> done) =>
        Eventually.MatchesAsync(() => Task.FromResult(probe()), done, TimeSpan.FromSeconds(5), "published notices",
            TestContext.Current.CancellationToken);
}
