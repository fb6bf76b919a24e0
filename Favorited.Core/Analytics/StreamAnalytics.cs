using Favorited.Core.Data;

namespace Favorited.Core.Analytics;

/// <summary>The headline figures of a stream: the <c>summary</c> object on the wire.</summary>
public sealed record AnalyticsSummary(ViewerSummary Viewers, HostSummary Hosts, WatchSummary Watch, ChatSummary Chat);

/// <summary>Everything about a stream's audience except its series: what an ended stream keeps as its snapshot's summary.</summary>
public sealed record AnalyticsReport(AnalyticsSummary Summary, IReadOnlyList<WatchTimeBin> Distribution, RetentionFigures Retention)
{
    public static AnalyticsReport From(AudienceFigures figures) =>
        new(new AnalyticsSummary(figures.Viewers, figures.Hosts, figures.Watch, figures.Chat), figures.Distribution, figures.Retention);
}

/// <summary>A stream's analytics as answered: live and computed just now, or final from its snapshot.</summary>
/// <param name="Final">True for a stream that has ended, whose figures can no longer change (but through a late report).</param>
/// <param name="PerSecond">The per-second series; null once the retention setting has trimmed it.</param>
/// <param name="PerMinute">The 60-second series, kept when the per-second one is trimmed.</param>
public sealed record StreamAnalytics(
    Guid StreamId,
    LivestreamStatus Status,
    bool Final,
    DateTime StartedAt,
    DateTime? EndedAt,
    DateTime AsOf,
    DateTime ComputedAt,
    AnalyticsReport Report,
    PerSecondSeries? PerSecond,
    AudienceSeries PerMinute)
{
    /// <summary>
    /// The series at the resolution asked for, or the nearest coarser one the stream still has: once its per-second series
    /// is trimmed, at a multiple of 60 seconds.
    /// </summary>
    public AudienceSeries SeriesAt(int resolutionSeconds) =>
        PerSecond is not null
            ? AudienceCalculator.Series(PerSecond, resolutionSeconds)
            : SeriesCoarsening.Coarsen(PerMinute, (resolutionSeconds + 59) / 60, Duration);

    public TimeSpan Duration => AsOf - StartedAt;
}
