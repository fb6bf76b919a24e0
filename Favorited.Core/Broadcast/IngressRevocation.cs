using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Favorited.Core.Broadcast;

/// <summary>
/// Deletes at LiveKit the ingresses Favorited has ended (rotated, removed, or their stream ended), after the commit that ended
/// them. A delete that fails is logged and left for the next call (the Api after each change, the worker's reconciliation on
/// every run), so an old stream key stops working once LiveKit can be reached.
/// </summary>
public sealed class IngressRevocation(FavoritedDbContext db, IngressClient ingresses, TimeProvider timeProvider,
    ILogger<IngressRevocation> logger)
{
    /// <summary>Revokes the ended, not yet revoked ingresses of <paramref name="streamId"/>, or of every stream when null.</summary>
    /// <returns>How many LiveKit confirmed gone.</returns>
    public async Task<int> RevokeEndedAsync(Guid? streamId, CancellationToken ct)
    {
        var pending = await db.StreamIngresses
            .Where(i => i.EndedAt != null && i.RevokedAt == null && (streamId == null || i.LivestreamId == streamId))
            .OrderBy(i => i.EndedAt).Take(100)
            .ToListAsync(ct);
        foreach (var ingress in pending)
        {
            try
            {
                await ingresses.DeleteIngressAsync(ingress.IngressId, ct);
                ingress.RevokedAt = timeProvider.GetUtcNow().UtcDateTime;
            }
            catch (LiveKitNotFoundException)
            {
                ingress.RevokedAt = timeProvider.GetUtcNow().UtcDateTime;
            }
            catch (LiveKitException e)
            {
                logger.LogWarning(e, "Could not delete ingress {IngressId} at LiveKit; it is retried later", ingress.IngressId);
            }
        }
        await db.SaveChangesAsync(ct);
        return pending.Count(i => i.RevokedAt != null);
    }
}
