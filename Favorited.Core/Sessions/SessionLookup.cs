using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Favorited.Core.Sessions;

/// <summary>
/// The participant sessions one transaction reads and changes. The sessions a report can touch (its stream's, with the
/// report's LiveKit sid or identity) are loaded once, so a batch of one room's reports costs one query for all of them;
/// after that every lookup is in memory and sees the transaction's changes. <see cref="SaveAsync"/> writes the changes in two
/// statements (updates, then inserts). Sessions are plain objects, not tracked by EF: in a burst, EF's change tracking and
/// per-row commands cost more than the rest of the work. One per transaction (a retried transaction starts with a new one).
/// </summary>
public sealed class SessionLookup(FavoritedDbContext db)
{
    private readonly HashSet<(Guid Stream, string Sid)> _loadedSids = [];
    private readonly HashSet<(Guid Stream, string Identity)> _loadedIdentities = [];
    private readonly Dictionary<Guid, List<Participant>> _byStream = [];
    private readonly Dictionary<Guid, SavedSession> _saved = [];
    private readonly Dictionary<Guid, Participant> _loaded = [];
    private readonly List<Participant> _added = [];

    /// <summary>Loads, in one query, the sessions of the stream that these participants' reports can touch and that are not loaded yet.</summary>
    public Task LoadAsync(Guid streamId, IEnumerable<WebhookParticipant> participants, CancellationToken ct) =>
        LoadAsync(participants.Select(participant => (streamId, participant)), ct);

    /// <summary>The same for reports of several streams, still in one query.</summary>
    public async Task LoadAsync(IEnumerable<(Guid StreamId, WebhookParticipant Participant)> reports, CancellationToken ct)
    {
        var streamIds = new HashSet<Guid>();
        var sids = new HashSet<string>(StringComparer.Ordinal);
        var identities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (streamId, participant) in reports)
        {
            if (participant.Sid is { Length: > 0 } sid && _loadedSids.Add((streamId, sid)))
            {
                sids.Add(sid);
                streamIds.Add(streamId);
            }
            if (participant.Identity is { Length: > 0 } identity && _loadedIdentities.Add((streamId, identity)))
            {
                identities.Add(identity);
                streamIds.Add(streamId);
            }
        }
        if (streamIds.Count == 0)
        {
            return;
        }
        // Across several streams this can load more than asked (another stream's report's identity); more is harmless.
        await using var command = Command("""
            SELECT id, livestream_id, user_id, display_name, role::text, status::text, metadata::text,
                   livekit_participant_sid, livekit_room_sid, joined_at, left_at, livekit_joined_at, leave_reason::text,
                   connected_at, disconnected_at
            FROM participants
            WHERE livestream_id = ANY($1) AND (livekit_participant_sid = ANY($2) OR user_id = ANY($3))
            """, streamIds.ToArray(), sids.ToArray(), identities.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            // A session can match a later load too (by sid once, by identity again): the first copy is the one changed.
            if (_loaded.ContainsKey(id))
            {
                continue;
            }
            var session = new Participant
            {
                Id = id,
                LivestreamId = reader.GetGuid(1),
                UserId = reader.GetString(2),
                DisplayName = reader.GetString(3),
                Role = EnumLabels.Parse<ParticipantRole>(reader.GetString(4)),
                Status = EnumLabels.Parse<ParticipantStatus>(reader.GetString(5)),
                Metadata = reader.IsDBNull(6) ? null : reader.GetString(6),
                LivekitParticipantSid = reader.IsDBNull(7) ? null : reader.GetString(7),
                LivekitRoomSid = reader.IsDBNull(8) ? null : reader.GetString(8),
                JoinedAt = reader.GetDateTime(9),
                LeftAt = reader.IsDBNull(10) ? null : reader.GetDateTime(10),
                LivekitJoinedAt = reader.IsDBNull(11) ? null : reader.GetDateTime(11),
                LeaveReason = reader.IsDBNull(12) ? null : EnumLabels.Parse<LeaveReason>(reader.GetString(12)),
                ConnectedAt = reader.IsDBNull(13) ? null : reader.GetDateTime(13),
                DisconnectedAt = reader.IsDBNull(14) ? null : reader.GetDateTime(14),
            };
            _loaded[id] = session;
            _saved[id] = SavedSession.Of(session);
            Sessions(session.LivestreamId).Add(session);
        }
    }

    /// <summary>Whether a ban keeps the user out of the stream now (<see cref="StreamBans"/>), read in the transaction.</summary>
    public Task<bool> IsBannedAsync(Guid streamId, string userId, DateTime now, CancellationToken ct) =>
        StreamBans.IsBannedAsync(db, streamId, userId, now, ct);

    /// <summary>The loaded and added sessions of a stream as the transaction has them now.</summary>
    public IReadOnlyList<Participant> Of(Guid streamId) => Sessions(streamId);

    /// <summary>A new session, written by the next <see cref="SaveAsync"/>.</summary>
    public void Add(Participant session)
    {
        _added.Add(session);
        Sessions(session.LivestreamId).Add(session);
    }

    /// <summary>
    /// Writes what changed since the last save: the changed sessions first, then the new ones. Changes only ever take a session
    /// out of JOINED, never into it, so updating first keeps the one-JOINED-session-per-user index satisfied whenever the
    /// sessions as they end up satisfy it. The unique index on the LiveKit sid is checked row by row, so when a sid moves
    /// from one session to another in the same save, the moving sids are cleared first.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        var changed = _loaded.Values.Select(session => (Session: session, Saved: _saved[session.Id]))
            .Where(change => change.Saved != SavedSession.Of(change.Session)).ToList();
        var rebound = changed.Where(c => c.Saved.Sid != c.Session.LivekitParticipantSid).ToList();
        var released = rebound.Select(c => c.Saved.Sid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (rebound.Any(c => c.Session.LivekitParticipantSid is { } sid && released.Contains(sid)))
        {
            await using var clear = Command("UPDATE participants SET livekit_participant_sid = NULL WHERE id = ANY($1)",
                rebound.Select(c => c.Session.Id).ToArray());
            await clear.ExecuteNonQueryAsync(ct);
        }
        if (changed.Count > 0)
        {
            // Only the columns this transaction changed, as EF would write them: the Api may have changed another (a leave
            // through the API) since the sessions were read.
            await using var update = Command("""
                UPDATE participants AS p
                SET status = CASE WHEN c.status_changed THEN c.status::participant_status ELSE p.status END,
                    left_at = CASE WHEN c.left_at_changed THEN c.left_at ELSE p.left_at END,
                    livekit_participant_sid = CASE WHEN c.sid_changed THEN c.sid ELSE p.livekit_participant_sid END,
                    livekit_room_sid = CASE WHEN c.room_sid_changed THEN c.room_sid ELSE p.livekit_room_sid END,
                    livekit_joined_at = CASE WHEN c.sid_changed THEN c.livekit_joined_at ELSE p.livekit_joined_at END,
                    connected_at = CASE WHEN c.connected_at_changed THEN c.connected_at ELSE p.connected_at END,
                    disconnected_at = CASE WHEN c.disconnected_at_changed THEN c.disconnected_at ELSE p.disconnected_at END
                FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::bool[], $7::bool[], $8::bool[], $9::bool[],
                            $10::timestamptz[], $11::timestamptz[], $12::bool[], $13::timestamptz[], $14::bool[])
                     AS c(id, status, left_at, sid, room_sid, status_changed, left_at_changed, sid_changed, room_sid_changed,
                          livekit_joined_at, connected_at, connected_at_changed, disconnected_at, disconnected_at_changed)
                WHERE p.id = c.id
                """,
                changed.Select(c => c.Session.Id).ToArray(), changed.Select(c => c.Session.Status.Label()).ToArray(),
                changed.Select(c => c.Session.LeftAt).ToArray(), changed.Select(c => c.Session.LivekitParticipantSid).ToArray(),
                changed.Select(c => c.Session.LivekitRoomSid).ToArray(),
                changed.Select(c => c.Saved.Status != c.Session.Status).ToArray(),
                changed.Select(c => c.Saved.LeftAt != c.Session.LeftAt).ToArray(),
                changed.Select(c => c.Saved.Sid != c.Session.LivekitParticipantSid).ToArray(),
                changed.Select(c => c.Saved.RoomSid != c.Session.LivekitRoomSid).ToArray(),
                changed.Select(c => c.Session.LivekitJoinedAt).ToArray(),
                changed.Select(c => c.Session.ConnectedAt).ToArray(),
                changed.Select(c => c.Saved.ConnectedAt != c.Session.ConnectedAt).ToArray(),
                changed.Select(c => c.Session.DisconnectedAt).ToArray(),
                changed.Select(c => c.Saved.DisconnectedAt != c.Session.DisconnectedAt).ToArray());
            await update.ExecuteNonQueryAsync(ct);
        }
        if (_added.Count > 0)
        {
            await using var insert = Command("""
                INSERT INTO participants (id, livestream_id, user_id, display_name, role, status, metadata,
                                          livekit_participant_sid, livekit_room_sid, joined_at, left_at, livekit_joined_at, leave_reason,
                                          connected_at, disconnected_at)
                SELECT id, livestream_id, user_id, display_name, role::participant_role, status::participant_status, metadata::jsonb,
                       sid, room_sid, joined_at, left_at, livekit_joined_at, leave_reason::leave_reason, connected_at, disconnected_at
                FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                            $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::text[], $14::timestamptz[], $15::timestamptz[])
                     AS s(id, livestream_id, user_id, display_name, role, status, metadata, sid, room_sid, joined_at, left_at,
                          livekit_joined_at, leave_reason, connected_at, disconnected_at)
                """,
                _added.Select(s => s.Id).ToArray(), _added.Select(s => s.LivestreamId).ToArray(),
                _added.Select(s => s.UserId).ToArray(), _added.Select(s => s.DisplayName).ToArray(),
                _added.Select(s => s.Role.Label()).ToArray(), _added.Select(s => s.Status.Label()).ToArray(),
                _added.Select(s => s.Metadata).ToArray(), _added.Select(s => s.LivekitParticipantSid).ToArray(),
                _added.Select(s => s.LivekitRoomSid).ToArray(), _added.Select(s => s.JoinedAt).ToArray(),
                _added.Select(s => s.LeftAt).ToArray(), _added.Select(s => s.LivekitJoinedAt).ToArray(),
                _added.Select(s => s.LeaveReason?.Label()).ToArray(), _added.Select(s => s.ConnectedAt).ToArray(),
                _added.Select(s => s.DisconnectedAt).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }
        foreach (var session in changed.Select(change => change.Session).Concat(_added))
        {
            _loaded[session.Id] = session;
            _saved[session.Id] = SavedSession.Of(session);
        }
        _added.Clear();
    }

    // Reads and writes belong to the caller's transaction: the save's statements commit together or not at all.
    private NpgsqlCommand Command(string sql, params object[] parameters) => db.Database.CurrentTransaction is null
        ? throw new InvalidOperationException("SessionLookup needs a transaction (BeginTransactionAsync) to read and save in.")
        : db.Database.Command(sql, parameters);

    private List<Participant> Sessions(Guid streamId)
    {
        if (!_byStream.TryGetValue(streamId, out var sessions))
        {
            _byStream[streamId] = sessions = [];
        }
        return sessions;
    }

    /// <summary>What a session's changeable columns hold in Postgres.</summary>
    private readonly record struct SavedSession(ParticipantStatus Status, DateTime? LeftAt, string? Sid, string? RoomSid,
        DateTime? ConnectedAt, DateTime? DisconnectedAt)
    {
        public static SavedSession Of(Participant session) =>
            new(session.Status, session.LeftAt, session.LivekitParticipantSid, session.LivekitRoomSid, session.ConnectedAt,
                session.DisconnectedAt);
    }
}
