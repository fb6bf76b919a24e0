using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Favorited.Core.Analytics;

/// <summary>
/// Ended streams' snapshots, kept in this process: a snapshot changes only when its stream's live-state version moves (which
/// the request reads with the stream anyway), and reading its per-second series from PostgreSQL (a few hundred KB for a long
/// stream, decompressed on every read) costs far more than the rest of the request. At most
/// <see cref="AnalyticsOptions.SnapshotCacheEntries"/> are kept; when more come, all are dropped.
/// </summary>
public sealed class SnapshotCache(IOptions<AnalyticsOptions> options)
{
    private readonly ConcurrentDictionary<Guid, AnalyticsSnapshot> _snapshots = new();

    /// <returns>The kept snapshot when it is as new as the stream's version; null otherwise.</returns>
    public AnalyticsSnapshot? TryGet(Guid streamId, long liveStateVersion) =>
        _snapshots.TryGetValue(streamId, out var snapshot) && snapshot.SourceVersion >= liveStateVersion ? snapshot : null;

    public void Store(Guid streamId, AnalyticsSnapshot snapshot)
    {
        var capacity = options.Value.SnapshotCacheEntries;
        if (capacity == 0)
        {
            return;
        }
        if (_snapshots.Count >= capacity && !_snapshots.ContainsKey(streamId))
        {
            _snapshots.Clear();
        }
        _snapshots[streamId] = snapshot;
    }
}
