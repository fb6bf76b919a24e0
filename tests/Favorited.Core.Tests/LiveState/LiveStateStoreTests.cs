using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.Core.Tests.LiveState;

public sealed class LiveStateStoreTests(TestServers servers) : IAsyncLifetime
{
    private static readonly DateTime StartedAt = new(2026, 11, 24, 10, 46, 24, 134, DateTimeKind.Utc);
    private ConnectionMultiplexer _redis = null!;
    private LiveStateStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        _store = new LiveStateStore(_redis, Options.Create(new LiveStateOptions()));
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task ANewStreamStartsEmptyAndLive()
    {
        var id = Guid.NewGuid();
        await _store.InitializeAsync(id, StartedAt, "host-user-1", "host-user-1");

        var state = await _store.GetAsync(id);

        Assert.NotNull(state);
        Assert.Empty(state.Participants);
        Assert.Equal(new StreamState(id, LivestreamStatus.Live, state.Participants, StartedAt, 0, 0, 0,
            new HostInfo("host-user-1", "host-user-1")) { LastEventId = 0 }, state);
    }

    [Fact]
    public async Task HostsAreConnectedButNotCountedAsViewers()
    {
        var id = await StartAsync();

        await _store.ParticipantConnectedAsync(id, "host-user-1", ParticipantRole.Host);
        await _store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
        var state = (await _store.GetAsync(id))!;

        Assert.Equal(["host-user-1", "viewer-1"], state.Participants);
        Assert.Equal(1, state.ViewerCount);
        Assert.Equal(1, state.TotalViewers);
        Assert.Equal(1, state.PeakViewerCount);
    }

    [Fact]
    public async Task ReplayedEventsNeverInflateTheCounts()
    {
        var id = await StartAsync();

        for (var replay = 0; replay < 5; replay++)
        {
            await _store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);
            await _store.ParticipantConnectedAsync(id, "viewer-2", ParticipantRole.Viewer);
            await _store.ParticipantDisconnectedAsync(id, "viewer-2");
        }
        var state = (await _store.GetAsync(id))!;

        Assert.Equal(["viewer-1"], state.Participants);
        Assert.Equal(1, state.ViewerCount);
        Assert.Equal(2, state.TotalViewers);
        Assert.Equal(2, state.PeakViewerCount);
    }

    [Fact]
    public async Task TotalViewersCountsDistinctViewersAndPeakTheHighestCount()
    {
        var id = await StartAsync();
        foreach (var viewer in new[] { "a", "b", "c" })
        {
            await _store.ParticipantConnectedAsync(id, viewer, ParticipantRole.Viewer);
        }
        await _store.ParticipantDisconnectedAsync(id, "a");
        await _store.ParticipantDisconnectedAsync(id, "b");
        await _store.ParticipantConnectedAsync(id, "a", ParticipantRole.Viewer);

        var state = (await _store.GetAsync(id))!;

        Assert.Equal(2, state.ViewerCount);
        Assert.Equal(3, state.TotalViewers);
        Assert.Equal(3, state.PeakViewerCount);
    }

    [Fact]
    public async Task AViewerSeenOnlyOnTheWayOutCountsAmongTotalViewersButNotTheConnectedOrThePeak()
    {
        var id = await StartAsync();
        await _store.ParticipantConnectedAsync(id, "a", ParticipantRole.Viewer);

        await _store.ParticipantDisconnectedAsync(id, "b", seenViewer: true);
        await _store.ParticipantDisconnectedAsync(id, "c");
        var state = (await _store.GetAsync(id))!;

        Assert.Equal(["a"], state.Participants);
        Assert.Equal((1, 2, 1), (state.ViewerCount, state.TotalViewers, state.PeakViewerCount));
    }

    [Fact]
    public async Task ConcurrentChangesAreAllApplied()
    {
        var id = await StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(n =>
            _store.ParticipantConnectedAsync(id, $"viewer-{n}", ParticipantRole.Viewer)));
        var state = (await _store.GetAsync(id))!;

        Assert.Equal(200, state.ViewerCount);
        Assert.Equal(200, state.TotalViewers);
        Assert.Equal(200, state.PeakViewerCount);
    }

    [Fact]
    public async Task EndingKeepsTheCountsAndChangesTheStatus()
    {
        var id = await StartAsync();
        await _store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer);

        Assert.True(await _store.EndAsync(id));
        var state = (await _store.GetAsync(id))!;

        Assert.Equal(LivestreamStatus.Ended, state.Status);
        Assert.Equal(1, state.ViewerCount);
    }

    [Fact]
    public async Task AStreamWithoutStateIsLeftAlone()
    {
        var id = Guid.NewGuid();

        Assert.False(await _store.ParticipantConnectedAsync(id, "viewer-1", ParticipantRole.Viewer));
        Assert.False(await _store.ParticipantDisconnectedAsync(id, "viewer-1"));
        Assert.False(await _store.EndAsync(id));
        Assert.Null(await _store.GetAsync(id));
        Assert.Empty(_redis.GetServer(_redis.GetEndPoints()[0]).Keys(pattern: $"*{id}*"));
    }

    [Fact]
    public async Task EveryKeyExpiresWithinADay()
    {
        var id = await StartAsync();
        await _store.ParticipantConnectedAsync(id, "host", ParticipantRole.Host);
        await _store.ParticipantConnectedAsync(id, "viewer", ParticipantRole.Viewer);

        var keys = _redis.GetServer(_redis.GetEndPoints()[0]).Keys(pattern: $"*{id}*").ToList();

        Assert.Equal(4, keys.Count);
        foreach (var key in keys)
        {
            var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.InRange(ttl!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        }
    }

    private async Task<Guid> StartAsync()
    {
        var id = Guid.NewGuid();
        await _store.InitializeAsync(id, StartedAt, "host-user-1", "Host One");
        return id;
    }
}
