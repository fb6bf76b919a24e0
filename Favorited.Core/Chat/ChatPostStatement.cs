using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Chat;

/// <summary>
/// Posting in one round trip and one implicit transaction (the hot path: thousands per second): the stream and the author's
/// session are read and the message inserted by a single statement, which inserts only where <see cref="StreamChat.PostAsync"/>'s
/// rules allow it; it returns what it read, so a refusal can say why. The stream's row is not locked: a message that
/// races the stream's end is stored a moment after it, which harms nobody (a lock on the one row every post of a busy stream
/// reads would queue them behind the worker's).
/// </summary>
internal static class ChatPostStatement
{
    private static readonly string Sql = $"""
        WITH stream AS (
            SELECT id, status, chat_enabled, guests_may_chat,
                   visibility = '{LivestreamVisibility.Public.Label()}' OR created_by = $2
                       OR EXISTS (SELECT FROM stream_access WHERE livestream_id = $1 AND user_id = $2) AS visible,
                   EXISTS (SELECT FROM participants WHERE livestream_id = $1 AND user_id = $2
                           AND status = '{ParticipantStatus.Joined.Label()}') AS joined
            FROM livestreams WHERE id = $1
        ), posted AS (
            INSERT INTO chat_messages (livestream_id, user_id, display_name, text, created_at)
            SELECT id, $2, $3, $4, $5 FROM stream
            WHERE visible AND status = '{LivestreamStatus.Live.Label()}' AND chat_enabled AND (guests_may_chat OR NOT $6) AND joined
            RETURNING id
        )
        SELECT status::text, chat_enabled, guests_may_chat, visible, joined, (SELECT id FROM posted)
        FROM stream
        """;

    /// <returns>What the statement read and the new message's id (null when not inserted); null when there is no such stream.</returns>
    public static async Task<ChatPostAttempt?> TryInsertAsync(FavoritedDbContext db, ChatMessage message, bool isGuest, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.Command(Sql, message.LivestreamId, message.UserId, message.DisplayName, message.Text,
                message.CreatedAt, isGuest);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            return new ChatPostAttempt(EnumLabels.Parse<LivestreamStatus>(reader.GetString(0)), reader.GetBoolean(1), reader.GetBoolean(2),
                reader.GetBoolean(3), reader.GetBoolean(4), reader.IsDBNull(5) ? null : reader.GetInt64(5));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <param name="Visible">The author may see the stream (<see cref="Livestreams.LivestreamAccess"/>).</param>
/// <param name="Joined">The author has a JOINED session in it.</param>
/// <param name="MessageId">The stored message's id; null when the statement did not insert it.</param>
internal sealed record ChatPostAttempt(LivestreamStatus Status, bool ChatEnabled, bool GuestsMayChat, bool Visible, bool Joined,
    long? MessageId);
