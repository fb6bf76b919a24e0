using System.Collections.Concurrent;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Favorited.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.Core.Tests.LiveState;

/// <summary>Announcements (chat, stage, edits): their ids, their channels and the replay log a reconnecting client reads.</summary>
public sealed class AnnouncementTests(TestServers servers) : IAsyncLifetime
{
    private const int ReplayLength = 3;
    private readonly ConcurrentQueue<StreamEventNotice> _perStream = new();
    private readonly ConcurrentQueue<StreamEventNotice> _allStreams = new();
    private readonly Guid _id = Guid.NewGuid();
    private ConnectionMultiplexer _redis = null!;
    private LiveStateStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.NewDatabaseConnectionString());
        _store = new LiveStateStore(_redis, Options.Create(new LiveStateOptions { ReplayLength = ReplayLength }));
        var subscriber = _redis.GetSubscriber();
        (await subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.StreamEventsChannel(_id))))
            .OnMessage(message => _perStream.Enqueue(StreamEvents.Parse(message.Message)!));
        (await subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.AllStreamEventsChannel))).OnMessage(message =>
        {
            if (StreamEvents.Parse(message.Message) is { } notice && notice.StreamId == _id)
            {
                _allStreams.Enqueue(notice);
            }
        });
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AnAnnouncementTakesTheStreamsNextEventIdAndCarriesItsPayloadAsItWasGiven()
    {
        await _store.InitializeAsync(_id, DateTime.UtcNow, "host-1", "Host");
        await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer);

        const string payload = """{"id":9007199254740993,"text":"héllo \"there\"","at":1.5}""";
        Assert.Equal(2, await _store.AnnounceAsync(_id, "chat_message", payload));

        var notices = await EventuallyAsync(() => [.. _perStream], n => n.Count >= 2);
        var announced = notices[1];
        Assert.Equal(("chat_message", 2L, LivestreamStatus.Live, 1), (announced.Type, announced.Id, announced.Status, announced.ViewerCount));
        Assert.Equal(payload, announced.Payload!.Value.GetRawText());
        Assert.Equal(2, (await _store.GetAsync(_id))!.LastEventId);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(_allStreams, n => n.Type == "chat_message");
    }

    [Fact]
    public async Task OnlyAnnouncementsForTheListPageGoToTheAllStreamsChannel()
    {
        await _store.InitializeAsync(_id, DateTime.UtcNow, "host-1", "Host", isPrivate: true);
        await _store.AnnounceAsync(_id, "stream_updated", """{"title":"new"}""", toAllStreams: true);

        var notice = (await EventuallyAsync(() => [.. _allStreams], n => n.Count >= 1)).Single();
        Assert.Equal(("stream_updated", 1L, "host-1"), (notice.Type, notice.Id, notice.PrivateTo));
    }

    [Fact]
    public async Task AStreamWithoutLiveStateAnnouncesToTheListPageOnlyWithoutAnId()
    {
        Assert.Equal(0, await _store.AnnounceAsync(_id, "stream_updated", """{"title":"t"}""", toAllStreams: true,
            status: LivestreamStatus.Scheduled, privateTo: "creator-1"));

        var notice = (await EventuallyAsync(() => [.. _allStreams], n => n.Count >= 1)).Single();
        Assert.Equal((0L, LivestreamStatus.Scheduled, "creator-1"), (notice.Id, notice.Status, notice.PrivateTo));
        Assert.Empty(_perStream);
        Assert.Null(await _store.GetAsync(_id));
    }

    [Fact]
    public async Task TheReplayHoldsTheAnnouncementsAfterAGivenIdAndSaysWhenTheLogNoLongerReachesBackThatFar()
    {
        await _store.InitializeAsync(_id, DateTime.UtcNow, "host-1", "Host");
        await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer); // id 1: state, not in the log
        for (var i = 1; i <= 5; i++)
        {
            await _store.AnnounceAsync(_id, "chat_message", $$"""{"n":{{i}}}"""); // ids 2..6
        }

        var (state, replay) = await _store.GetAsync(_id, replayAfter: 3);
        Assert.Equal(6, state!.LastEventId);
        Assert.Equal([4L, 5L, 6L], replay.Events.Select(e => e.Id));
        Assert.False(replay.Incomplete);

        // Only the latest three are kept: a client that last saw id 2 missed id 3, which is gone.
        var (_, behind) = await _store.GetAsync(_id, replayAfter: 2);
        Assert.True(behind.Incomplete);
        Assert.Equal([4L, 5L, 6L], behind.Events.Select(e => e.Id));

        var (_, upToDate) = await _store.GetAsync(_id, replayAfter: 6);
        Assert.Equal((0, false), (upToDate.Events.Count, upToDate.Incomplete));
    }

    private static async Task<List<StreamEventNotice>> EventuallyAsync(Func<List<StreamEventNotice>> probe,
        Func<List<StreamEventNotice>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var seen = probe();
            if (done(seen) || DateTime.UtcNow > deadline)
            {
                return seen;
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
