using Favorited.Core.Data;

namespace Favorited.Core.Analytics;

/// <summary>The history of sessions' roles, which analytics splits the sessions' intervals at.</summary>
public static class ParticipantRoleChanges
{
    /// <summary>
    /// Records a change of the session's role, in the caller's transaction: the one that changed the role, so that the two commit
    /// together. Saves the context (with whatever else the caller added to it).
    /// </summary>
    public static async Task RecordAsync(FavoritedDbContext db, Participant session, ParticipantRole from, ParticipantRole to, DateTime at,
        CancellationToken ct)
    {
        db.ParticipantRoleChanges.Add(new ParticipantRoleChange
        {
            LivestreamId = session.LivestreamId,
            ParticipantId = session.Id,
            UserId = session.UserId,
            At = at,
            FromRole = from,
            ToRole = to,
        });
        await db.SaveChangesAsync(ct);
    }
}
