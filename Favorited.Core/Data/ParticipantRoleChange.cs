namespace Favorited.Core.Data;

/// <summary>A session's role changed (stage invite or step-down): the history <see cref="Participant.Role"/> alone loses.</summary>
public sealed class ParticipantRoleChange
{
    public long Id { get; set; }
    public Guid LivestreamId { get; set; }
    public Guid ParticipantId { get; set; }
    public required string UserId { get; set; }

    /// <summary>When the change was committed, by the server's clock.</summary>
    public DateTime At { get; set; }

    public ParticipantRole FromRole { get; set; }
    public ParticipantRole ToRole { get; set; }
}
