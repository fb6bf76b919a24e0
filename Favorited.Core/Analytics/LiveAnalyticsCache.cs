using System.Collections.Concurrent;
using Favorited.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Favorited.Core.Analytics;

/// <summary>
/// The figures of live streams, computed at most once per <see cref="AnalyticsOptions.LiveCacheDuration"/> per stream in this
/// process: a long stream's computation reads every session. When the figures are older than that, the next request starts a
/// new computation and is answered the kept figures meanwhile, as long as they are less than twice that old: while a stream's
/// figures are asked for steadily no request waits on a recomputation, and one that comes after a pause gets fresh figures.
/// Entries unused for <see cref="MaxStaleness"/> may be dropped. A computation runs in its own scope and is not cancelled by the
/// request that started it, since others wait on it too.
/// </summary>
public sealed class LiveAnalyticsCache(IServiceScopeFactory scopes, IOptions<AnalyticsOptions> options, TimeProvider timeProvider)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    /// <param name="fresh">Compute now whatever is kept (a client that sent <c>Cache-Control: no-cache</c>).</param>
    public Task<StreamAnalytics> GetAsync(Livestream stream, bool fresh)
    {
        var duration = options.Value.LiveCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return ComputeAsync(stream, new ReturningViewers());
        }
        var now = timeProvider.GetUtcNow();
        var entry = _entries.TryGetValue(stream.Id, out var kept) ? kept : AddEntry(stream.Id);
        if (fresh)
        {
            // A computation already running is joined rather than doubled: clients that all send no-cache cannot make this
            // process read a long stream's sessions more than once at a time.
            return entry.Refresh(() => ComputeAsync(stream, entry.Returning), now);
        }
        if (entry.Latest is { IsCompletedSuccessfully: true } latest && now - entry.ComputedAt < duration * 2)
        {
            if (now - entry.ComputedAt >= duration)
            {
                entry.Refresh(() => ComputeAsync(stream, entry.Returning), now);
            }
            return latest;
        }
        return entry.Refresh(() => ComputeAsync(stream, entry.Returning), now);
    }

    private Entry AddEntry(Guid streamId)
    {
        if (_entries.Count >= MaxEntries)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var (id, entry) in _entries)
            {
                if (entry.Latest is not null && now - entry.ComputedAt >= MaxStaleness)
                {
                    _entries.TryRemove(id, out _);
                }
            }
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }
        return _entries.GetOrAdd(streamId, _ => new Entry());
    }

    private async Task<StreamAnalytics> ComputeAsync(Livestream stream, ReturningViewers returning)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        var asOf = timeProvider.GetUtcNow().UtcDateTime;
        var figures = await AudienceSource.CalculateAsync(db, stream, asOf, CancellationToken.None, returning);
        return StreamAnalyticsCompute.From(stream, figures, final: false, computedAt: asOf);
    }

    /// <summary>One stream's kept figures, and the computation that will replace them, if one runs.</summary>
    private sealed class Entry
    {
        private readonly Lock _sync = new();
        private Task<StreamAnalytics>? _running;

        public ReturningViewers Returning { get; } = new();
        public Task<StreamAnalytics>? Latest { get; private set; }
        public DateTimeOffset ComputedAt { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>The running computation, or a new one when none runs.</summary>
        public Task<StreamAnalytics> Refresh(Func<Task<StreamAnalytics>> compute, DateTimeOffset now)
        {
            lock (_sync)
            {
                if (_running is not null)
                {
                    return _running;
                }
                var computation = compute();
                _running = computation;
                _ = computation.ContinueWith(done => Completed(done, now), TaskScheduler.Default);
                return computation;
            }
        }

        private void Completed(Task<StreamAnalytics> done, DateTimeOffset startedAt)
        {
            lock (_sync)
            {
                if (_running == done)
                {
                    _running = null;
                }
                if (done.IsCompletedSuccessfully && startedAt >= ComputedAt)
                {
                    Latest = done;
                    ComputedAt = startedAt;
                }
            }
        }
    }
}
