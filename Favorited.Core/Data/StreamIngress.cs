namespace Favorited.Core.Data;

/// <summary>
/// A LiveKit ingress (RTMP or WHIP endpoint) the creator's encoder pushes a livestream through. <see cref="StreamKey"/> is a
/// secret: only the creator is ever shown it. At most one per stream is active (<see cref="EndedAt"/> null).
/// </summary>
public sealed class StreamIngress
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LivestreamId { get; set; }

    /// <summary>LiveKit's <c>IN_…</c>.</summary>
    public required string IngressId { get; set; }

    /// <summary><c>RTMP</c> or <c>WHIP</c>.</summary>
    public required string Type { get; set; }

    public required string Url { get; set; }
    public required string StreamKey { get; set; }

    /// <summary>LiveKit's <c>IngressState.Status</c> as last heard (<c>ENDPOINT_INACTIVE</c>, <c>ENDPOINT_PUBLISHING</c>, …).</summary>
    public required string State { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the ingress was deleted (rotated, removed, or its stream ended); null while active.</summary>
    public DateTime? EndedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>When LiveKit confirmed the ended ingress deleted (its key no longer works); null until then.</summary>
    public DateTime? RevokedAt { get; set; }
}
