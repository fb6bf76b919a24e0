using System.Text.Json.Serialization;
using Favorited.Core.Data;

namespace Favorited.Core.LiveState;

/// <summary>
/// A stream's live state on the wire, in the original's shape. <c>participants</c> are the connected
/// identities (hosts first); <c>viewerCount</c> counts connected viewers only (hosts are not viewers),
/// <c>totalViewers</c> the distinct viewers ever connected, <c>peakViewerCount</c> the highest viewerCount.
/// </summary>
public sealed record StreamState(
    Guid StreamId,
    LivestreamStatus Status,
    IReadOnlyList<string> Participants,
    DateTime? StartedAt,
    int ViewerCount,
    int TotalViewers,
    int PeakViewerCount,
    HostInfo HostInfo)
{
    /// <summary>The id of the last event published for the stream (0 before any); not part of the JSON.</summary>
    [JsonIgnore]
    public long LastEventId { get; init; }

    /// <summary>A private stream's creator (only they see it in batches and the all-streams feed); null when public. Not part of the JSON.</summary>
    [JsonIgnore]
    public string? PrivateTo { get; init; }
}

public sealed record HostInfo(string UserId, string DisplayName);
