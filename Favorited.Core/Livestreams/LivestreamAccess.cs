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

    /// <summary>Whether the user (null: anonymous) may see the stream of a private stream's live state, whose creator is known.</summary>
    public static async Task<bool> MayWatchPrivateAsync(FavoritedDbContext db, Guid streamId, string creator, string? userId,
        CancellationToken ct) =>
        userId is not null && (userId == creator
            || await db.StreamAccess.AnyAsync(access => access.LivestreamId == streamId && access.UserId == userId, ct));
}
