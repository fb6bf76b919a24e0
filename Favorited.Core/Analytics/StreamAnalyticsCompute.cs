using Favorited.Core.Data;

namespace Favorited.Core.Analytics;

/// <summary>Shapes computed figures, or a stored snapshot, into what a stream's analytics answer holds.</summary>
public static class StreamAnalyticsCompute
{
    public static StreamAnalytics From(Livestream stream, AudienceFigures figures, bool final, DateTime computedAt) =>
        new(stream.Id, stream.Status, final, figures.StartedAt, stream.EndedAt, figures.AsOf, computedAt, AnalyticsReport.From(figures),
            figures.PerSecond, AudienceCalculator.Series(figures.PerSecond, 60, rounded: false));

    public static StreamAnalytics From(Livestream stream, AnalyticsSnapshot snapshot) =>
        new(stream.Id, stream.Status, true, stream.StartedAt!.Value, stream.EndedAt, EndOf(stream), snapshot.ComputedAt,
            snapshot.Report, snapshot.PerSecond, snapshot.PerMinute);

    /// <summary>Where a stream that is no longer live stops counting: its end (or its last change, for one that failed).</summary>
    public static DateTime EndOf(Livestream stream) => stream.EndedAt ?? stream.UpdatedAt;
}
