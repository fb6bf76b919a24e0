namespace Favorited.Core.Analytics;

/// <summary>The stream's window in whole milliseconds from time zero: <c>[0, DurationMs]</c>.</summary>
internal readonly struct AudienceWindow
{
    public AudienceWindow(DateTime startedAt, DateTime asOf)
    {
        StartedAt = startedAt;
        DurationMs = Math.Max(0, (asOf.Ticks - startedAt.Ticks) / TimeSpan.TicksPerMillisecond);
    }

    public DateTime StartedAt { get; }

    public long DurationMs { get; }

    /// <summary>Whole seconds of the window, the last one possibly partial.</summary>
    public int Seconds => (int)((DurationMs + 999) / 1000);

    /// <summary>Minute marks 0, 60, 120 … s that fall inside the window.</summary>
    public int Minutes => (int)((DurationMs + 59_999) / 60_000);

    /// <summary>Milliseconds from time zero, floored, clamped to the window.</summary>
    public long Offset(DateTime time)
    {
        var ticks = time.Ticks - StartedAt.Ticks;
        return ticks <= 0 ? 0 : Math.Min(DurationMs, ticks / TimeSpan.TicksPerMillisecond);
    }

    public DateTime Time(long offsetMs) => StartedAt.AddTicks(offsetMs * TimeSpan.TicksPerMillisecond);
}
