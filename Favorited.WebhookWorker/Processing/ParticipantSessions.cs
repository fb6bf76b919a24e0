using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Microsoft.EntityFrameworkCore;

namespace Favorited.WebhookWorker.Processing;

/// <summary>
/// Records LiveKit connects and disconnects on participant sessions. Reports of one participant may arrive
/// in any order (LiveKit retries webhooks; reconciliation runs beside them), so each binds LiveKit's
/// participant sid to a session and never lets an older report undo a newer one: a session that left stays LEFT.
/// The caller saves the changes.
/// </summary>
internal static class ParticipantSessions
{
    public static async Task RecordConnectAsync(FavoritedDbContext db, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime now, CancellationToken ct)
    {
        if (stream.Status is not (LivestreamStatus.Live or LivestreamStatus.Scheduled))
        {
            return;
        }
        // Already bound: connected before (a replay), or its disconnect came first and it stays LEFT.
        if (await FindBySidAsync(db, stream, participant.Sid!, ct) is not null)
        {
            return;
        }

        // The session join created (or a reconnect with a new sid); else a session that left through the API
        // before LiveKit reported the connect; else someone who connected without calling join.
        var session = await db.Participants
            .Where(p => p.LivestreamId == stream.Id && p.UserId == participant.Identity)
            .Where(p => p.Status == ParticipantStatus.Joined || p.LivekitParticipantSid == null)
            .OrderBy(p => p.Status == ParticipantStatus.Joined ? 0 : 1).ThenByDescending(p => p.JoinedAt)
            .FirstOrDefaultAsync(ct);
        if (session is null)
        {
            db.Participants.Add(NewSession(stream, participant, roomSid, now, ParticipantStatus.Joined));
        }
        else
        {
            Bind(session, participant, roomSid);
        }
    }

    public static async Task RecordDisconnectAsync(FavoritedDbContext db, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime now, CancellationToken ct)
    {
        // The session LiveKit knows by this sid; else one not yet bound (its connect report is late or lost);
        // else a record of the session, so that a connect report arriving later finds it LEFT.
        var session = await FindBySidAsync(db, stream, participant.Sid!, ct)
            ?? await db.Participants
                .Where(p => p.LivestreamId == stream.Id && p.UserId == participant.Identity && p.LivekitParticipantSid == null)
                .OrderBy(p => p.Status == ParticipantStatus.Joined ? 0 : 1).ThenByDescending(p => p.JoinedAt)
                .FirstOrDefaultAsync(ct);
        if (session is null)
        {
            db.Participants.Add(NewSession(stream, participant, roomSid, now, ParticipantStatus.Left));
            return;
        }

        Bind(session, participant, roomSid);
        if (session.Status == ParticipantStatus.Joined)
        {
            session.Status = ParticipantStatus.Left;
            session.LeftAt = now;
        }
    }

    private static Task<Participant?> FindBySidAsync(FavoritedDbContext db, Livestream stream, string sid, CancellationToken ct) =>
        db.Participants.FirstOrDefaultAsync(p => p.LivestreamId == stream.Id && p.LivekitParticipantSid == sid, ct);

    private static Participant NewSession(Livestream stream, WebhookParticipant participant, string? roomSid, DateTime now,
        ParticipantStatus status) => new()
    {
        LivestreamId = stream.Id,
        UserId = participant.Identity,
        DisplayName = string.IsNullOrEmpty(participant.Name) ? participant.Identity : participant.Name,
        // Only the creator may host; a publish grant alone does not make anyone else one.
        Role = participant.Identity == stream.CreatedBy && participant.Permission?.CanPublish == true
            ? ParticipantRole.Host
            : ParticipantRole.Viewer,
        Status = status,
        Metadata = string.IsNullOrEmpty(participant.Metadata) ? null : participant.Metadata,
        LivekitParticipantSid = participant.Sid,
        LivekitRoomSid = roomSid,
        JoinedAt = participant.JoinedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(participant.JoinedAt).UtcDateTime : now,
        LeftAt = status == ParticipantStatus.Left ? now : null,
    };

    private static void Bind(Participant session, WebhookParticipant participant, string? roomSid)
    {
        session.LivekitParticipantSid = participant.Sid;
        session.LivekitRoomSid = roomSid ?? session.LivekitRoomSid;
    }
}
