namespace Favorited.Core.Analytics;

/// <summary>A stream's audience figures, as defined in docs/design/analytics.md §2. Times are UTC.</summary>
public sealed record AudienceFigures(
    DateTime StartedAt,
    DateTime AsOf,
    ViewerSummary Viewers,
    HostSummary Hosts,
    WatchSummary Watch,
    ChatSummary Chat,
    IReadOnlyList<WatchTimeBin> Distribution,
    RetentionFigures Retention,
    PerSecondSeries PerSecond,
    IReadOnlyList<ViewerWatch> ViewerList);

/// <param name="PeakAt">The first instant the peak is reached; null when nobody ever watched.</param>
public sealed record ViewerSummary(int Current, int Peak, DateTime? PeakAt, int Unique, int New, int Returning);

public sealed record HostSummary(int Peak, DateTime? PeakAt);

/// <param name="StayedPast">Viewers with watch time ≥ 60, 300 and 1,800 s, keyed "1m", "5m", "30m".</param>
public sealed record WatchSummary(
    long TotalSeconds,
    double TotalMinutes,
    double AverageSeconds,
    double MedianSeconds,
    IReadOnlyDictionary<string, int> StayedPast);

public sealed record ChatSummary(int Messages, int Chatters);

/// <param name="ToSeconds">Exclusive; null for the last, open bin.</param>
public sealed record WatchTimeBin(int FromSeconds, int? ToSeconds, int Viewers);

/// <param name="OffsetsMinutes">The k of each retained column: 1, 5, 10, 30.</param>
public sealed record RetentionFigures(IReadOnlyList<int> OffsetsMinutes, IReadOnlyList<RetentionRow> Rows);

/// <param name="Retained">One per offset: viewers present at minute N and at minute N+k; null where N+k is at or past as-of.</param>
public sealed record RetentionRow(int Minute, int Present, IReadOnlyList<int?> Retained);

/// <summary>One viewer's figures (a row of viewers.csv).</summary>
/// <param name="Intervals">Merged connected intervals in any role: a drop and reconnect is two.</param>
/// <param name="WatchSeconds">Time in viewer spans only, floored to whole seconds.</param>
/// <param name="StageSeconds">Time on stage (host spans), floored to whole seconds.</param>
public sealed record ViewerWatch(
    string UserId,
    string DisplayName,
    DateTime FirstConnected,
    int Intervals,
    long WatchSeconds,
    long StageSeconds,
    bool Returning,
    int ChatMessages);
