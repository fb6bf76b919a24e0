using Favorited.Core.Analytics;
using Favorited.Core.Data;

namespace Favorited.Api.Analytics;

/// <summary>A stream's analytics on the wire (docs/design/analytics.md §3). The series is columns: bucket i starts at start + i·resolution.</summary>
public sealed record StreamAnalyticsResponse(
    Guid StreamId,
    LivestreamStatus Status,
    bool Final,
    DateTime StartedAt,
    DateTime? EndedAt,
    DateTime AsOf,
    DateTime ComputedAt,
    int Resolution,
    AnalyticsSummary Summary,
    SeriesResponse Series,
    IReadOnlyList<WatchTimeBin> Distribution,
    RetentionFigures Retention)
{
    public static StreamAnalyticsResponse From(StreamAnalytics analytics, AudienceSeries series) =>
        new(analytics.StreamId, analytics.Status, analytics.Final, analytics.StartedAt, analytics.EndedAt, analytics.AsOf,
            analytics.ComputedAt, series.Resolution, analytics.Report.Summary,
            new SeriesResponse(analytics.StartedAt, series.Resolution, series.ViewersMax, series.ViewersAvg, series.HostsMax),
            analytics.Report.Distribution, analytics.Report.Retention);
}

public sealed record SeriesResponse(DateTime Start, int Resolution, int[] ViewersMax, double[] ViewersAvg, int[] HostsMax);

/// <summary>The creator dashboard: one page of streams and the totals over every stream in the range.</summary>
public sealed record CreatorAnalyticsResponse(DateTime From, DateTime To, IReadOnlyList<StreamSummary> Streams, int Count,
    CreatorTotals Totals);
