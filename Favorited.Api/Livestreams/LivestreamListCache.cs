using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Livestreams;

/// <summary>
/// Recent list pages, as the bytes that were sent, for a moment: the home page is what every visitor loads, and
/// Postgres answering each of them alike is most of the Api's work. Any change of a livestream this process makes
/// or hears about (<see cref="LivestreamListInvalidation"/>) drops them all; the short life bounds what a missed
/// notice can leave stale. A page read from Postgres before a change is never kept past it: each entry holds the
/// generation it was read in, and a change starts a new one.
/// </summary>
public sealed class LivestreamListCache(IOptions<LivestreamListOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<ListPageKey, Entry> _pages = new();
    private long _generation;

    /// <summary>Read before querying Postgres and handed back to <see cref="Store"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    private TimeSpan Duration => options.Value.CacheDuration;

    public bool TryGet(ListPageKey key, out byte[] body)
    {
        body = [];
        if (!_pages.TryGetValue(key, out var entry) || entry.Generation != Generation
            || entry.ExpiresAt <= timeProvider.GetTimestamp())
        {
            return false;
        }
        body = entry.Body;
        return true;
    }

    public void Store(ListPageKey key, long generation, byte[] body)
    {
        if (Duration <= TimeSpan.Zero || generation != Generation)
        {
            return;
        }
        // Filters are free text: a flood of distinct ones must not grow the cache without bound.
        if (_pages.Count >= options.Value.CacheMaxPages)
        {
            _pages.Clear();
        }
        var expiresAt = timeProvider.GetTimestamp() + (long)(Duration.TotalSeconds * timeProvider.TimestampFrequency);
        _pages[key] = new Entry(generation, expiresAt, body);
    }

    /// <summary>A livestream was created, changed status or ended: every kept page may be wrong now.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _pages.Clear();
    }

    private sealed record Entry(long Generation, long ExpiresAt, byte[] Body);
}

/// <summary>What makes two list requests the same page.</summary>
/// <param name="Viewer">Who asks (null: anonymous or a guest, who see the same page): a creator's list holds their private streams.</param>
public readonly record struct ListPageKey(Favorited.Core.Data.LivestreamStatus? Status, string? CreatedBy, int Limit, int Offset, string? Viewer);

public sealed class LivestreamListOptions
{
    public const string SectionName = "Livestreams:List";

    /// <summary>How long a list page may be served again; zero turns the cache off.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Distinct pages kept at most (they are all dropped when more come).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int CacheMaxPages { get; set; } = 1_000;
}
