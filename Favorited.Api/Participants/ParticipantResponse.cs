using System.Text.Json;
using Favorited.Core.Data;

namespace Favorited.Api.Participants;

/// <summary>A participant on the wire, fields in the original's order.</summary>
public sealed record ParticipantResponse(
    Guid Id,
    Guid LivestreamId,
    string UserId,
    string DisplayName,
    ParticipantRole Role,
    ParticipantStatus Status,
    JsonElement? Metadata,
    string? LivekitParticipantSid,
    string? LivekitRoomSid,
    DateTime JoinedAt,
    DateTime? LeftAt,
    LeaveReason? LeaveReason,
    DateTime? HandRaisedAt);

public sealed record JoinResponse(string Token, string Url, ParticipantResponse Participant);

public static class ParticipantMapping
{
    public static ParticipantResponse ToResponse(this Participant participant) => new(
        participant.Id, participant.LivestreamId, participant.UserId, participant.DisplayName, participant.Role,
        participant.Status, Infrastructure.Metadata.Parse(participant.Metadata), participant.LivekitParticipantSid,
        participant.LivekitRoomSid, participant.JoinedAt, participant.LeftAt, participant.LeaveReason,
        participant.HandRaisedAt);
}
