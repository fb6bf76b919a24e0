using System.ComponentModel.DataAnnotations;

namespace Favorited.Core.Analytics;

public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics";

    /// <summary>How long one computation of a live stream's figures is served again; zero computes every request.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LiveCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an ended stream keeps its per-second series; after that it answers at 60-second resolution (its summary and
    /// 60-second series are kept as long as the stream). Zero keeps them forever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan SeriesRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>The most points one series answer may hold; a finer resolution over a long stream is refused.</summary>
    [Range(100, 1_000_000)]
    public int MaxSeriesPoints { get; set; } = 25_000;

    /// <summary>The longest date range the creator dashboard covers in one request.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan MaxDashboardRange { get; set; } = TimeSpan.FromDays(366);
}
