using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Moderation;

/// <summary>The one home of what a ban means: it holds from its creation until it expires or is lifted.</summary>
public static class StreamBans
{
    /// <summary>Whether the user may not join (or chat in) the stream now.</summary>
    public static Task<bool> IsBannedAsync(FavoritedDbContext db, Guid streamId, string userId, DateTime now, CancellationToken ct) =>
        Active(db, streamId, now).AnyAsync(b => b.UserId == userId, ct);

    /// <summary>The stream's bans that hold now.</summary>
    public static IQueryable<StreamBan> Active(FavoritedDbContext db, Guid streamId, DateTime now) =>
        db.StreamBans.Where(b => b.LivestreamId == streamId && b.LiftedAt == null && (b.Until == null || b.Until > now));
}
