using System.Text.Json;
using Favorited.Core.Data;

namespace Favorited.Api.Livestreams;

/// <summary>A livestream on the wire, fields in the original's order, then Favorited's own.</summary>
public sealed record LivestreamResponse(
    Guid Id,
    string RoomName,
    string Title,
    string? Description,
    LivestreamStatus Status,
    string CreatedBy,
    int MaxParticipants,
    int EmptyTimeout,
    JsonElement? Metadata,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? StartedAt,
    DateTime? EndedAt,
    LivestreamVisibility Visibility,
    bool Broadcasting);

public static class LivestreamMapping
{
    public static LivestreamResponse ToResponse(this Livestream stream) => new(
        stream.Id, stream.RoomName, stream.Title, stream.Description, stream.Status, stream.CreatedBy,
        stream.MaxParticipants, stream.EmptyTimeout, Infrastructure.Metadata.Parse(stream.Metadata),
        stream.CreatedAt, stream.UpdatedAt, stream.StartedAt, stream.EndedAt, stream.Visibility, stream.Broadcasting);
}
