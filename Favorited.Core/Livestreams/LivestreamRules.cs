using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Favorited.Core.Sessions;

namespace Favorited.Core.Livestreams;

/// <summary>The status rules of a livestream, whoever applies them (the Api, the webhook worker, reconciliation).</summary>
public static class LivestreamRules
{
    /// <summary>
    /// SCHEDULED or LIVE: the stream holds its room name (<see cref="ConstraintNames.ActiveRoomNamePredicate"/>), webhooks
    /// of its room apply to it, and it can still end.
    /// </summary>
    public static bool IsActive(this LivestreamStatus status) => status is LivestreamStatus.Scheduled or LivestreamStatus.Live;

    public static readonly string[] ActiveLabels = [.. Enum.GetValues<LivestreamStatus>().Where(IsActive).Select(EnumLabels.Label)];

    /// <summary>
    /// The one rule for ending a stream, whoever ends it (its creator, LiveKit closing the room, reconciliation): an active
    /// stream becomes ENDED now; an ENDED stream keeps its first <c>endedAt</c>; an ERROR stream stays ERROR (it never went
    /// live, and that is what its status records). Whatever the status, every session still JOINED leaves. The caller saves
    /// the stream and then ends its live state.
    /// </summary>
    public static async Task EndAsync(FavoritedDbContext db, Livestream stream, DateTime now, CancellationToken ct)
    {
        if (stream.Status.IsActive())
        {
            stream.Status = LivestreamStatus.Ended;
            stream.EndedAt = now;
        }
        await ParticipantSessions.LeaveAllAsync(db, stream.Id, now, ct);
        // The encoder's key dies with the stream; IngressRevocation deletes it at LiveKit after the commit.
        await db.StreamIngresses.Where(i => i.LivestreamId == stream.Id && i.EndedAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.EndedAt, now), ct);
        stream.Broadcasting = false;
    }
}
