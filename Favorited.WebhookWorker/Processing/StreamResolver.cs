using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Microsoft.EntityFrameworkCore;

namespace Favorited.WebhookWorker.Processing;

/// <summary>
/// Finds the livestream a webhook's room belongs to and locks its row until the transaction ends, so the
/// events of one stream never interleave, whichever worker replica handles them.
/// </summary>
internal static class StreamResolver
{
    public static async Task<Livestream?> FindAndLockAsync(FavoritedDbContext db, WebhookRoom? room, CancellationToken ct)
    {
        if (room is null)
        {
            return null;
        }
        if (!string.IsNullOrEmpty(room.Sid))
        {
            var bySid = await db.Livestreams
                .FromSql($"SELECT * FROM livestreams WHERE livekit_room_sid = {room.Sid} FOR NO KEY UPDATE")
                .ToListAsync(ct);
            if (bySid.Count > 0)
            {
                return bySid.MaxBy(l => l.CreatedAt);
            }

            // The room's first events can arrive before create has stored its sid. An active stream that
            // already has another sid belongs to another room of the same name, so it is not this one.
            return (await db.Livestreams
                .FromSql($"""
                    SELECT * FROM livestreams
                    WHERE room_name = {room.Name} AND status IN ('SCHEDULED', 'LIVE') AND livekit_room_sid IS NULL
                    FOR NO KEY UPDATE
                    """)
                .ToListAsync(ct)).SingleOrDefault();
        }

        // A LiveKit that sends no room sid: the active stream of that name (the unique index allows one).
        return (await db.Livestreams
            .FromSql($"SELECT * FROM livestreams WHERE room_name = {room.Name} AND status IN ('SCHEDULED', 'LIVE') FOR NO KEY UPDATE")
            .ToListAsync(ct)).SingleOrDefault();
    }
}
