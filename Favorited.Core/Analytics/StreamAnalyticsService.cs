using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Analytics;

/// <summary>
/// A stream's audience analytics: computed for a live stream (kept briefly, <see cref="LiveAnalyticsCache"/>), read from its
/// snapshot once it has ended (computed and stored first when missing or stale), and summed over a creator's streams.
/// </summary>
public sealed class StreamAnalyticsService(FavoritedDbContext db, LiveAnalyticsCache liveCache, SnapshotCache snapshots,
    TimeProvider timeProvider)
{
    /// <returns>Null for a stream that never went live.</returns>
    /// <param name="fresh">For a live stream: compute now instead of serving a computation a few seconds old.</param>
    public async Task<StreamAnalytics?> GetAsync(Livestream stream, bool fresh, CancellationToken ct)
    {
        if (stream.StartedAt is null)
        {
            return null;
        }
        if (stream.Status == LivestreamStatus.Live)
        {
            return await liveCache.GetAsync(stream, fresh);
        }
        var snapshot = snapshots.TryGet(stream.Id, stream.LiveStateVersion) ?? await AnalyticsSnapshots.ReadAsync(db, stream.Id, ct);
        if (snapshot is null || snapshot.SourceVersion < stream.LiveStateVersion)
        {
            snapshot = await ComputeSnapshotAsync(stream, ct);
        }
        snapshots.Store(stream.Id, snapshot);
        return StreamAnalyticsCompute.From(stream, snapshot);
    }

    /// <summary>Every viewer's figures, computed now (the viewers' CSV: not kept in the snapshot).</summary>
    public async Task<IReadOnlyList<ViewerWatch>?> ViewersAsync(Livestream stream, CancellationToken ct)
    {
        if (stream.StartedAt is null)
        {
            return null;
        }
        var asOf = stream.Status == LivestreamStatus.Live ? Now : StreamAnalyticsCompute.EndOf(stream);
        return (await AudienceSource.CalculateAsync(db, stream, asOf, ct)).ViewerList;
    }

    /// <summary>
    /// Computes and stores the snapshot of a stream that is no longer live. The stream must have been read before its
    /// sessions are: its live-state version then says what the snapshot may have missed.
    /// </summary>
    public async Task<AnalyticsSnapshot> ComputeSnapshotAsync(Livestream stream, CancellationToken ct)
    {
        var figures = await AudienceSource.CalculateAsync(db, stream, StreamAnalyticsCompute.EndOf(stream), ct);
        var snapshot = new AnalyticsSnapshot(stream.LiveStateVersion, Now, AnalyticsReport.From(figures), figures.PerSecond,
            AudienceCalculator.Series(figures.PerSecond, 60, rounded: false));
        await AnalyticsSnapshots.SaveAsync(db, stream.Id, snapshot, ct);
        return snapshot;
    }

    /// <summary>The creator's streams that started in <c>[from, to)</c>, newest first, with their summaries and the totals over all of them.</summary>
    public async Task<CreatorAnalytics> DashboardAsync(string creatorId, DateTime from, DateTime to, int limit, int offset,
        CancellationToken ct)
    {
        var streams = await db.Livestreams.AsNoTracking()
            .Where(l => l.CreatedBy == creatorId && l.StartedAt >= from && l.StartedAt < to)
            .OrderByDescending(l => l.StartedAt).ThenByDescending(l => l.Id)
            .ToListAsync(ct);
        var ids = streams.Select(s => s.Id).ToArray();
        var stored = await AnalyticsSnapshots.ReadReportsAsync(db, ids, ct);
        var summaries = new List<StreamSummary>(streams.Count);
        foreach (var stream in streams)
        {
            summaries.Add(await SummaryAsync(stream, stored.TryGetValue(stream.Id, out var report) ? report : null, ct));
        }
        var uniqueViewers = await db.Participants.AsNoTracking()
            .Where(p => ids.Contains(p.LivestreamId) && p.UserId != creatorId && p.ConnectedAt != null
                && (p.DisconnectedAt == null || p.DisconnectedAt > p.ConnectedAt))
            .Select(p => p.UserId).Distinct().CountAsync(ct);
        var totals = new CreatorTotals(
            summaries.Count,
            Math.Round(summaries.Sum(s => s.Summary.Watch.TotalSeconds) / 60.0, 2),
            summaries.Count == 0 ? 0 : summaries.Max(s => s.Summary.Viewers.Peak),
            uniqueViewers,
            summaries.Sum(s => s.Summary.Chat.Messages));
        return new CreatorAnalytics([.. summaries.Skip(offset).Take(limit)], summaries.Count, totals);
    }

    /// <summary>A stream's summary for the dashboard: its stored report when current, so a page of ended streams reads no series.</summary>
    private async Task<StreamSummary> SummaryAsync(Livestream stream, (long SourceVersion, AnalyticsReport Report)? stored,
        CancellationToken ct)
    {
        if (stream.Status == LivestreamStatus.Live)
        {
            var live = await liveCache.GetAsync(stream, fresh: false);
            return new StreamSummary(stream.Id, stream.Title, stream.Status, live.StartedAt, stream.EndedAt,
                (long)live.Duration.TotalSeconds, false, live.Report.Summary);
        }
        var report = stored is { } current && current.SourceVersion >= stream.LiveStateVersion
            ? current.Report
            : (await ComputeSnapshotAsync(stream, ct)).Report;
        return new StreamSummary(stream.Id, stream.Title, stream.Status, stream.StartedAt!.Value, stream.EndedAt,
            (long)(StreamAnalyticsCompute.EndOf(stream) - stream.StartedAt.Value).TotalSeconds, true, report.Summary);
    }

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;
}

public sealed record CreatorAnalytics(IReadOnlyList<StreamSummary> Streams, int Count, CreatorTotals Totals);

public sealed record StreamSummary(Guid Id, string Title, LivestreamStatus Status, DateTime StartedAt, DateTime? EndedAt,
    long DurationSeconds, bool Final, AnalyticsSummary Summary);

/// <param name="UniqueViewers">Distinct identities across the streams, the creator left out.</param>
public sealed record CreatorTotals(int Streams, double WatchMinutes, int PeakViewers, int UniqueViewers, int ChatMessages);
