using Favorited.Api.Livestreams;
using Favorited.Core.Data;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Favorited.Api.Tests;

public sealed class LivestreamListCacheRulesTests
{
    private static readonly ListPageKey FirstPage = new(null, null, 20, 0, Viewer: null);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void APageIsServedForTheCacheDurationOnly()
    {
        var cache = NewCache(TimeSpan.FromSeconds(1));
        cache.Store(FirstPage, cache.Generation, [1, 2, 3]);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(cache.TryGet(FirstPage, out var body));
        Assert.Equal([1, 2, 3], body);
        Assert.False(cache.TryGet(FirstPage with { Status = LivestreamStatus.Live }, out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet(FirstPage, out _));
    }

    [Fact]
    public void APageReadBeforeAChangeIsNeverKept()
    {
        var cache = NewCache(TimeSpan.FromMinutes(1));
        cache.Store(FirstPage, cache.Generation, [1]);
        var readBeforeTheChange = cache.Generation;

        cache.Invalidate();
        Assert.False(cache.TryGet(FirstPage, out _));
        cache.Store(FirstPage, readBeforeTheChange, [2]);
        Assert.False(cache.TryGet(FirstPage, out _));

        cache.Store(FirstPage, cache.Generation, [3]);
        Assert.True(cache.TryGet(FirstPage, out var body));
        Assert.Equal([3], body);
    }

    [Fact]
    public void ManyDistinctPagesDoNotGrowItBeyondItsLimit()
    {
        var cache = NewCache(TimeSpan.FromMinutes(1), maxPages: 3);
        foreach (var offset in Enumerable.Range(0, 3))
        {
            cache.Store(FirstPage with { Offset = offset }, cache.Generation, [(byte)offset]);
        }
        Assert.True(cache.TryGet(FirstPage with { Offset = 2 }, out _));

        cache.Store(FirstPage with { Offset = 3 }, cache.Generation, [3]);

        Assert.False(cache.TryGet(FirstPage with { Offset = 2 }, out _));
        Assert.True(cache.TryGet(FirstPage with { Offset = 3 }, out _));
    }

    [Fact]
    public void ADurationOfZeroTurnsItOff()
    {
        var cache = NewCache(TimeSpan.Zero);
        cache.Store(FirstPage, cache.Generation, [1]);

        Assert.False(cache.TryGet(FirstPage, out _));
    }

    private LivestreamListCache NewCache(TimeSpan duration, int maxPages = 1_000) =>
        new(Options.Create(new LivestreamListOptions { CacheDuration = duration, CacheMaxPages = maxPages }), _time);
}
