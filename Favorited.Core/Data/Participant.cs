namespace Favorited.Core.Data;

/// <summary>One session of a user in a livestream; a re-join after leaving creates a new row.</summary>
public sealed class Participant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LivestreamId { get; set; }
    public Livestream? Livestream { get; set; }
    public required string UserId { get; set; }
    public required string DisplayName { get; set; }
    public ParticipantRole Role { get; set; } = ParticipantRole.Viewer;
    public ParticipantStatus Status { get; set; } = ParticipantStatus.Joined;

    /// <summary>Client-supplied JSON, stored as <c>jsonb</c>; never interpreted by the server.</summary>
    public string? Metadata { get; set; }

    public string? LivekitParticipantSid { get; set; }
    public string? LivekitRoomSid { get; set; }

    /// <summary>When, by LiveKit's clock, the participant bound to the session connected; null when not known.</summary>
    public DateTime? LivekitJoinedAt { get; set; }
    public DateTime JoinedAt { get; set; }
    public DateTime? LeftAt { get; set; }

    /// <summary>
    /// When, by LiveKit's clock, the session's first LiveKit connection connected; set once, when a sid is first bound, and kept
    /// when another connection of the identity takes the session over. Null while no connection was ever bound.
    /// </summary>
    public DateTime? ConnectedAt { get; set; }

    /// <summary>When, by LiveKit's clock, the connection ended, as its participant_left reported; null when no report came.</summary>
    public DateTime? DisconnectedAt { get; set; }

    /// <summary>Set when the host ended the session (removed or banned the user); null when it ended any other way.</summary>
    public LeaveReason? LeaveReason { get; set; }

    /// <summary>When the viewer raised their hand to come on stage; null while it is down.</summary>
    public DateTime? HandRaisedAt { get; set; }
}
