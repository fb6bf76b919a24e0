using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Livestreams;

/// <summary>
/// Finds livestreams and locks their rows until the transaction ends, so the changes of one stream (its webhooks,
/// reconciliation) never interleave, whichever worker replica makes them.
/// </summary>
public static class LivestreamLocks
{
    /// <summary>
    /// The stream each room belongs to: the streams of every room with a sid are found and locked in one query (in id
    /// order); a room without a match goes through <see cref="FindAndLockAsync(FavoritedDbContext, WebhookRoom?, CancellationToken)"/>.
    /// </summary>
    public static async Task<Dictionary<(string? Sid, string Name), Livestream?>> FindAndLockAsync(FavoritedDbContext db,
        IReadOnlyCollection<WebhookRoom> rooms, CancellationToken ct)
    {
        var sids = rooms.Select(room => room.Sid).OfType<string>().Where(sid => sid.Length > 0).Distinct().ToArray();
        var bySid = sids.Length == 0
            ? []
            : (await db.Livestreams
                .FromSql($"SELECT * FROM livestreams WHERE livekit_room_sid = ANY({sids}) ORDER BY id FOR NO KEY UPDATE")
                .ToListAsync(ct))
            .GroupBy(l => l.LivekitRoomSid!)
            .ToDictionary(g => g.Key, g => g.MaxBy(l => l.CreatedAt)!);

        var streams = new Dictionary<(string? Sid, string Name), Livestream?>();
        foreach (var room in rooms)
        {
            var key = (room.Sid, room.Name);
            if (!streams.ContainsKey(key))
            {
                streams[key] = room.Sid is { Length: > 0 } sid && bySid.TryGetValue(sid, out var stream)
                    ? stream
                    : await FindAndLockAsync(db, room, ct);
            }
        }
        return streams;
    }

    public static async Task<Livestream?> FindAndLockAsync(FavoritedDbContext db, WebhookRoom? room, CancellationToken ct)
    {
        if (room is null)
        {
            return null;
        }
        var active = LivestreamRules.ActiveLabels;
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
                    WHERE COALESCE(livekit_room_name, room_name) = {room.Name} AND status::text = ANY({active}) AND livekit_room_sid IS NULL
                    FOR NO KEY UPDATE
                    """)
                .ToListAsync(ct)).SingleOrDefault();
        }

        // A LiveKit that sends no room sid: the active stream of that name (the unique index allows one).
        return (await db.Livestreams
            .FromSql($"""
                SELECT * FROM livestreams
                WHERE COALESCE(livekit_room_name, room_name) = {room.Name} AND status::text = ANY({active})
                FOR NO KEY UPDATE
                """)
            .ToListAsync(ct)).SingleOrDefault();
    }

    /// <summary>The stream, locked whatever its status; null when there is none.</summary>
    public static async Task<Livestream?> LockAsync(FavoritedDbContext db, Guid id, CancellationToken ct) =>
        (await db.Livestreams.FromSql($"SELECT * FROM livestreams WHERE id = {id} FOR NO KEY UPDATE").ToListAsync(ct)).SingleOrDefault();

    /// <summary>The stream, locked, if it still has this status; else null.</summary>
    public static async Task<Livestream?> LockIfAsync(FavoritedDbContext db, Guid id, LivestreamStatus status, CancellationToken ct) =>
        (await db.Livestreams
            .FromSql($"SELECT * FROM livestreams WHERE id = {id} AND status::text = {status.Label()} FOR NO KEY UPDATE")
            .ToListAsync(ct)).SingleOrDefault();
}
