using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Livestreams;

/// <summary>
/// Who may see a livestream. A PUBLIC one: anyone. A PRIVATE one: its creator, and whoever redeemed one of its invites
/// (<see cref="StreamAccess"/>); to anyone else it does not exist. Lists show a PRIVATE stream to its creator only: the
/// invited reach it through their link.
/// </summary>
public static class LivestreamAccess
{
    public static IQueryable<Livestream> VisibleTo(this IQueryable<Livestream> streams, FavoritedDbContext db, string? userId) =>
        userId is null
            ? streams.Where(l => l.Visibility == LivestreamVisibility.Public)
            : streams.Where(l => l.Visibility == LivestreamVisibility.Public || l.CreatedBy == userId
                || db.StreamAccess.Any(access => access.LivestreamId == l.Id && access.UserId == userId));

    public static IQueryable<Livestream> ListedFor(this IQueryable<Livestream> streams, string? userId) =>
        userId is null
            ? streams.Where(l => l.Visibility == LivestreamVisibility.Public)
            : streams.Where(l => l.Visibility == LivestreamVisibility.Public || l.CreatedBy == userId);

    /// <summary>
    /// The stream a path's id names, tracked (to be changed), when the user may see it; null when the id is no stream's or
    /// the stream is hidden from them — both answered "not found".
    /// </summary>
    public static async Task<Livestream?> FindVisibleAsync(FavoritedDbContext db, string id, string? userId, CancellationToken ct) =>
        Guid.TryParse(id, out var streamId)
            ? await db.Livestreams.Where(l => l.Id == streamId).VisibleTo(db, userId).SingleOrDefaultAsync(ct)
            : null;

    /// <summary>Whether the user (null: anonymous) may see the stream; false also when there is no such stream.</summary>
    public static Task<bool> CanSeeAsync(FavoritedDbContext db, Guid streamId, string? userId, CancellationToken ct) =>
        db.Livestreams.Where(l => l.Id == streamId).VisibleTo(db, userId).AnyAsync(ct);
}
