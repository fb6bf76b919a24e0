namespace Favorited.Core.Data;

/// <summary>A livestream: one LiveKit room and its lifecycle. Rows are never physically deleted.</summary>
public sealed class Livestream
{
    public const int DefaultMaxParticipants = 100;
    public const int DefaultEmptyTimeoutSeconds = 86400;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string RoomName { get; set; }

    /// <summary>
    /// The sid LiveKit gave the room at create. Webhooks are matched by it, so an event of an older room
    /// with the same name never touches a newer stream.
    /// </summary>
    public string? LivekitRoomSid { get; set; }

    /// <summary>The LiveKit room (see <see cref="Livestreams.LiveKitRooms"/>); null on rows from before rooms were named per stream.</summary>
    public string? LivekitRoomName { get; set; }

    /// <summary>The name of the stream's LiveKit room, whichever way the row has it.</summary>
    public string LivekitRoom => LivekitRoomName ?? RoomName;
    public required string Title { get; set; }
    public string? Description { get; set; }
    public LivestreamStatus Status { get; set; } = LivestreamStatus.Scheduled;
    public required string CreatedBy { get; set; }
    public LivestreamVisibility Visibility { get; set; } = LivestreamVisibility.Public;
    public int MaxParticipants { get; set; } = DefaultMaxParticipants;
    public int EmptyTimeout { get; set; } = DefaultEmptyTimeoutSeconds;

    /// <summary>Client-supplied JSON, stored as <c>jsonb</c>; never interpreted by the server.</summary>
    public string? Metadata { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>Whether the creator's encoder is publishing through the stream's ingress (from <c>ingress_started</c> / <c>ingress_ended</c>).</summary>
    public bool Broadcasting { get; set; }

    /// <summary>
    /// The last version handed to a change of the stream's live state (<see cref="LiveState.LiveStateVersions"/>); advanced
    /// only by raw SQL under the row lock, never through the change tracker.
    /// </summary>
    public long LiveStateVersion { get; set; }

    /// <summary>Whether people in the stream may chat (its host turns it off and on).</summary>
    public bool ChatEnabled { get; set; } = true;

    /// <summary>Whether guests (not only accounts) may chat.</summary>
    public bool GuestsMayChat { get; set; } = true;

    public List<Participant> Participants { get; } = [];
}
