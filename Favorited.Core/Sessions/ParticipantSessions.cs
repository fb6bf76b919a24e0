using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.Livestreams;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Sessions;

/// <summary>
/// Records LiveKit connects and disconnects on participant sessions. Reports of one participant may arrive
/// in any order (LiveKit retries webhooks; reconciliation runs beside them), so each binds LiveKit's
/// participant sid to a session and never lets an older report undo a newer one: a session that left stays LEFT, and a late
/// connect of a participant LiveKit has since replaced (same identity, connected later) does not take the session over.
/// Sessions are read through a <see cref="SessionLookup"/>; the caller saves the changes (<see cref="SessionLookup.SaveAsync"/>).
/// </summary>
public static class ParticipantSessions
{
    /// <param name="reportedAt">When LiveKit sent the report (the webhook's createdAt); null when it comes from elsewhere.</param>
    /// <returns>
    /// True when the identity is banned from the stream (<see cref="Moderation.StreamBans"/>) and connected all the same, with a
    /// join token from before the ban: the connection is recorded as LEFT (BANNED), and the caller removes it from the room.
    /// </returns>
    public static async Task<bool> RecordConnectAsync(SessionLookup sessions, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime? reportedAt, DateTime now, CancellationToken ct)
    {
        if (!stream.Status.IsActive() || participant.Kind == ParticipantKinds.Egress)
        {
            return false;
        }
        await sessions.LoadAsync(stream.Id, [participant], ct);
        var ofStream = sessions.Of(stream.Id);
        // Already bound: connected before (a replay), or its disconnect came first and it stays LEFT.
        if (FindBySid(ofStream, participant.Sid!) is not null)
        {
            return false;
        }
        // LiveKit evicts a participant when another connects with its identity (DUPLICATE_IDENTITY), so a connection older
        // than one already recorded for the identity is a late report: it ended when the next one connected.
        if (EarliestLaterConnect(ofStream, participant) is { } evictedAt)
        {
            var evicted = NewSession(stream, participant, roomSid, reportedAt, evictedAt, ParticipantStatus.Left);
            evicted.DisconnectedAt = evictedAt;
            sessions.Add(evicted);
            return false;
        }

        // The session join created (or a reconnect with a new sid); else a session that left through the API
        // before LiveKit reported the connect; else someone who connected without calling join.
        var session = ofStream
            .Where(p => p.UserId == participant.Identity)
            .Where(p => p.Status == ParticipantStatus.Joined || p.LivekitParticipantSid == null)
            .OrderBy(p => p.Status == ParticipantStatus.Joined ? 0 : 1).ThenByDescending(p => p.JoinedAt)
            .FirstOrDefault();
        // A connection that no JOINED session accounts for: whoever holds a join token can connect without the API.
        if (session is not { Status: ParticipantStatus.Joined } && await sessions.IsBannedAsync(stream.Id, participant.Identity, now, ct))
        {
            if (session is null)
            {
                session = NewSession(stream, participant, roomSid, reportedAt, now, ParticipantStatus.Left);
                session.LeaveReason = LeaveReason.Banned;
                sessions.Add(session);
            }
            Bind(session, participant, roomSid, reportedAt, now);
            // Refused: an empty interval, as live state never counted it.
            session.DisconnectedAt = session.ConnectedAt;
            return true;
        }
        if (session is null)
        {
            sessions.Add(NewSession(stream, participant, roomSid, reportedAt, now, ParticipantStatus.Joined));
        }
        else
        {
            Bind(session, participant, roomSid, reportedAt, now);
        }
        return false;
    }

    /// <param name="reportedAt">
    /// When LiveKit says the participant disconnected (the webhook's createdAt): the session's <see cref="Participant.DisconnectedAt"/>.
    /// Null when LiveKit did not report it (reconciliation found the participant gone), which leaves that unknown.
    /// </param>
    public static async Task RecordDisconnectAsync(SessionLookup sessions, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime? reportedAt, DateTime now, CancellationToken ct)
    {
        await sessions.LoadAsync(stream.Id, [participant], ct);
        var ofStream = sessions.Of(stream.Id);
        // The session LiveKit knows by this sid; else one not yet bound (its connect report is late or lost);
        // else a record of the session, so that a connect report arriving later finds it LEFT.
        var session = FindBySid(ofStream, participant.Sid!)
            ?? ofStream
                .Where(p => p.UserId == participant.Identity && p.LivekitParticipantSid == null)
                .OrderBy(p => p.Status == ParticipantStatus.Joined ? 0 : 1).ThenByDescending(p => p.JoinedAt)
                .FirstOrDefault();
        if (session is null)
        {
            session = NewSession(stream, participant, roomSid, reportedAt, now, ParticipantStatus.Left);
            sessions.Add(session);
            SeparateFromLaterConnection(ofStream, participant, reportedAt);
        }
        else
        {
            Bind(session, participant, roomSid, reportedAt, now);
            if (session.Status == ParticipantStatus.Joined)
            {
                session.Status = ParticipantStatus.Left;
                session.LeftAt = now;
            }
        }
        // Also for a session something else ended first (the API, the host, the room's end, reconciliation): LiveKit's time
        // is the true one, within the bounds the server recorded.
        if (reportedAt is { } disconnectedAt && session.DisconnectedAt is null)
        {
            // LiveKit's createdAt is in whole seconds: a leave reported in the second the connection began ended within it,
            // not before it (else a connection shorter than a second would count as none).
            if (session.ConnectedAt is { } began && disconnectedAt < began && disconnectedAt.AddSeconds(1) > began)
            {
                disconnectedAt = disconnectedAt.AddSeconds(1);
            }
            var latest = session.LeftAt ?? now;
            disconnectedAt = disconnectedAt > latest ? latest : disconnectedAt;
            session.DisconnectedAt = session.ConnectedAt is { } connectedAt && disconnectedAt < connectedAt ? connectedAt : disconnectedAt;
        }
    }

    /// <summary>
    /// A connection's leave, reported after the identity's next connection took its session over (that connect was processed
    /// first, as if it were an eviction), and the leave came before that connect: the person was away in between. The session
    /// kept the first connection's time through the takeover; it starts at its own connection's time instead, so the time away
    /// is not counted as watched. A leave at or after the next connect (a real eviction) keeps one unbroken interval.
    /// </summary>
    private static void SeparateFromLaterConnection(IEnumerable<Participant> ofStream, WebhookParticipant participant,
        DateTime? reportedAt)
    {
        if (reportedAt is not { } leftAt || LiveKitJoinedAt(participant) is not { } joinedAt)
        {
            return;
        }
        var takenOver = ofStream
            .Where(p => p.UserId == participant.Identity && p.ConnectedAt == joinedAt && p.LivekitJoinedAt > joinedAt)
            .OrderBy(p => p.LivekitJoinedAt)
            .FirstOrDefault();
        if (takenOver is { LivekitJoinedAt: { } reconnectedAt } && leftAt < reconnectedAt)
        {
            takenOver.ConnectedAt = reconnectedAt;
        }
    }

    /// <summary>Ends the user's JOINED session of the stream (connected to LiveKit or not), in one statement.</summary>
    /// <returns>Whether there was one.</returns>
    public static async Task<bool> LeaveAsync(FavoritedDbContext db, Guid streamId, string userId, DateTime now, CancellationToken ct) =>
        await Leave(db.Participants.Where(p => p.LivestreamId == streamId && p.UserId == userId), now, ct) > 0;

    /// <summary>Every session of the stream still JOINED leaves, in one statement: the stream's room is gone.</summary>
    public static Task<int> LeaveAllAsync(FavoritedDbContext db, Guid streamId, DateTime now, CancellationToken ct) =>
        Leave(db.Participants.Where(p => p.LivestreamId == streamId), now, ct);

    private static Task<int> Leave(IQueryable<Participant> sessions, DateTime now, CancellationToken ct) =>
        sessions
            .Where(p => p.Status == ParticipantStatus.Joined)
            .ExecuteUpdateAsync(p => p
                .SetProperty(x => x.Status, ParticipantStatus.Left)
                .SetProperty(x => x.LeftAt, now), ct);

    /// <summary>The participant's connected session (JOINED and bound to LiveKit), as the transaction has it now.</summary>
    public static async Task<Participant?> FindConnectedAsync(SessionLookup sessions, Guid streamId, WebhookParticipant participant,
        CancellationToken ct)
    {
        await sessions.LoadAsync(streamId, [participant], ct);
        return sessions.Of(streamId)
            .FirstOrDefault(p => p.UserId == participant.Identity && p.Status == ParticipantStatus.Joined && p.LivekitParticipantSid != null);
    }

    /// <summary>The session bound to a LiveKit sid, among those loaded (every report's own sid is).</summary>
    public static Participant? FindBySid(SessionLookup sessions, Guid streamId, string? sid) =>
        string.IsNullOrEmpty(sid) ? null : FindBySid(sessions.Of(streamId), sid);

    private static Participant? FindBySid(IEnumerable<Participant> sessions, string sid) =>
        sessions.FirstOrDefault(p => p.LivekitParticipantSid == sid);

    private static DateTime? EarliestLaterConnect(IEnumerable<Participant> sessions, WebhookParticipant participant) =>
        LiveKitJoinedAt(participant) is { } joinedAt
            ? sessions.Where(p => p.UserId == participant.Identity && p.LivekitJoinedAt > joinedAt).Min(p => p.LivekitJoinedAt)
            : null;

    /// <summary>When LiveKit says the participant connected, to the millisecond when it says so; null when it does not say.</summary>
    private static DateTime? LiveKitJoinedAt(WebhookParticipant participant) =>
        participant.JoinedAtMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(participant.JoinedAtMs).UtcDateTime
        : participant.JoinedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(participant.JoinedAt).UtcDateTime
        : null;

    private static Participant NewSession(Livestream stream, WebhookParticipant participant, string? roomSid, DateTime? reportedAt,
        DateTime now, ParticipantStatus status) => new()
    {
        LivestreamId = stream.Id,
        UserId = participant.Identity,
        DisplayName = string.IsNullOrEmpty(participant.Name) ? participant.Identity : participant.Name,
        // Only the creator may host, from a browser or through their encoder; a publish grant alone does not make anyone else one.
        Role = (participant.Identity == stream.CreatedBy && participant.Permission?.CanPublish == true)
            || (participant.Kind == ParticipantKinds.Ingress && participant.Identity == ParticipantKinds.EncoderIdentityOf(stream.CreatedBy))
            ? ParticipantRole.Host
            : ParticipantRole.Viewer,
        Status = status,
        Metadata = string.IsNullOrEmpty(participant.Metadata) ? null : participant.Metadata,
        LivekitParticipantSid = participant.Sid,
        LivekitRoomSid = roomSid,
        LivekitJoinedAt = LiveKitJoinedAt(participant),
        ConnectedAt = LiveKitJoinedAt(participant) ?? reportedAt ?? now,
        JoinedAt = participant.JoinedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(participant.JoinedAt).UtcDateTime : now,
        LeftAt = status == ParticipantStatus.Left ? now : null,
    };

    private static void Bind(Participant session, WebhookParticipant participant, string? roomSid, DateTime? reportedAt, DateTime now)
    {
        if (session.LivekitParticipantSid != participant.Sid)
        {
            session.LivekitParticipantSid = participant.Sid;
            session.LivekitJoinedAt = LiveKitJoinedAt(participant);
            // The first connection's time stays when a later one takes the session over (an eviction): the person was
            // there all along.
            session.ConnectedAt ??= session.LivekitJoinedAt ?? reportedAt ?? now;
        }
        session.LivekitRoomSid = roomSid ?? session.LivekitRoomSid;
    }
}
