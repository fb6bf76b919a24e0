namespace Favorited.Core.Data;

/// <summary>An ended stream's audience figures, computed once (docs/design/analytics.md §1.3).</summary>
public sealed class StreamAnalyticsSnapshot
{
    public Guid LivestreamId { get; set; }

    /// <summary>The stream's <see cref="Livestream.LiveStateVersion"/> read before its sessions: lower than the stream's means stale.</summary>
    public long SourceVersion { get; set; }

    public DateTime ComputedAt { get; set; }

    /// <summary>The figures except the series, as JSON (<c>jsonb</c>).</summary>
    public required string Summary { get; set; }

    /// <summary>The per-second series (three little-endian int32 arrays); null once trimmed by retention.</summary>
    public byte[]? PerSecond { get; set; }

    /// <summary>The same series at 60 s, kept for as long as the stream.</summary>
    public required byte[] PerMinute { get; set; }
}
