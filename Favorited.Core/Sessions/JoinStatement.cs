using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Favorited.Core.Sessions;

/// <summary>
/// Joining in one round trip: the stream is read and the session inserted by a single statement, which inserts only
/// into a LIVE stream the user may see, a HOST session only for the creator, and nothing when the user already has a JOINED session
/// (the partial unique index decides, so two simultaneous joins cannot both succeed). The stream's row is read FOR SHARE:
/// a join arriving while an end holds the row waits for it and then sees ENDED, instead of adding a JOINED session after
/// the end has let everyone leave. (It also waits for a worker transaction holding the row; those last milliseconds. What
/// the lock costs is in docs/benchmarks.md.)
/// </summary>
internal static class JoinStatement
{
    private static readonly string Sql = $"""
        WITH stream AS (
            SELECT id, status, COALESCE(livekit_room_name, room_name) AS livekit_room, created_by,
                   visibility = $11::livestream_visibility OR created_by = $3
                       OR EXISTS (SELECT FROM stream_access WHERE livestream_id = $1 AND user_id = $3) AS visible
            FROM livestreams WHERE id = $1 FOR SHARE
        ), joined AS (
            INSERT INTO participants (id, livestream_id, user_id, display_name, role, status, metadata, joined_at)
            SELECT $2, stream.id, $3, $4, $5::participant_role, $8::participant_status, $6::jsonb, $7
            FROM stream
            WHERE stream.visible AND stream.status = $9::livestream_status AND ($5 <> $10 OR stream.created_by = $3)
            ON CONFLICT (livestream_id, user_id) WHERE {ConstraintNames.OneJoinedSessionPredicate} DO NOTHING
            RETURNING 1
        )
        SELECT status::text, livekit_room, created_by, EXISTS (SELECT FROM joined), visible FROM stream
        """;

    /// <returns>What the stream was and whether the session was inserted; null when there is no such stream.</returns>
    public static async Task<JoinAttempt?> TryInsertAsync(FavoritedDbContext db, Participant session, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.Command(Sql,
                session.LivestreamId, session.Id, session.UserId, session.DisplayName, session.Role.Label(),
                new NpgsqlParameter { Value = (object?)session.Metadata ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                session.JoinedAt, ParticipantStatus.Joined.Label(), LivestreamStatus.Live.Label(), ParticipantRole.Host.Label(),
                LivestreamVisibility.Public.Label());
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            return new JoinAttempt(EnumLabels.Parse<LivestreamStatus>(reader.GetString(0)), reader.GetString(1),
                reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <param name="Visible">The user may see the stream (<see cref="Livestreams.LivestreamAccess"/>); when not, nothing else is to be told.</param>
internal sealed record JoinAttempt(LivestreamStatus Status, string LivekitRoom, string CreatedBy, bool Inserted, bool Visible);
