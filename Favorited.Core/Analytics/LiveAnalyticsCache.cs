using System.Collections.Concurrent;
using Favorited.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Favorited.Core.Analytics;

/// <summary>
/// The figures of live streams, computed at most once per <see cref="AnalyticsOptions.LiveCacheDuration"/> per stream in this
/// process: a host's page and its viewers' dashboards ask often, and a long stream's computation reads every session.
/// Concurrent requests share one computation, which runs in its own scope and is not cancelled by the request that started
/// it (the others wait on it too).
/// </summary>
public sealed class LiveAnalyticsCache(IServiceScopeFactory scopes, IOptions<AnalyticsOptions> options, TimeProvider timeProvider)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    /// <param name="fresh">Compute now whatever is kept (a client that sent <c>Cache-Control: no-cache</c>).</param>
    public Task<StreamAnalytics> GetAsync(Livestream stream, bool fresh)
    {
        var now = timeProvider.GetTimestamp();
        if (!fresh && _entries.TryGetValue(stream.Id, out var kept) && kept.ExpiresAt > now && !kept.Figures.IsFaulted)
        {
            return kept.Figures;
        }
        var computation = ComputeAsync(stream);
        var duration = options.Value.LiveCacheDuration;
        if (duration > TimeSpan.Zero)
        {
            if (_entries.Count >= MaxEntries)
            {
                DropExpired(now);
            }
            _entries[stream.Id] = new Entry(now + (long)(duration.TotalSeconds * timeProvider.TimestampFrequency), computation);
        }
        return computation;
    }

    private async Task<StreamAnalytics> ComputeAsync(Livestream stream)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        var asOf = timeProvider.GetUtcNow().UtcDateTime;
        var input = await AudienceSource.ReadAsync(db, stream, asOf, CancellationToken.None);
        return StreamAnalyticsCompute.From(stream, AudienceCalculator.Calculate(input), final: false, computedAt: asOf);
    }

    private void DropExpired(long now)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(id, out _);
            }
        }
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(long ExpiresAt, Task<StreamAnalytics> Figures);
}
