using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Data;

public static class ParticipantSessionExtensions
{
    /// <summary>
    /// Marks every session of the stream that is still JOINED as LEFT at <paramref name="now"/>, in one
    /// statement; used whenever a stream's room is gone (DELETE, room_finished, reconciliation).
    /// </summary>
    public static Task<int> LeaveAllJoinedAsync(this DbSet<Participant> participants, Guid livestreamId,
        DateTime now, CancellationToken ct) =>
        participants
            .Where(p => p.LivestreamId == livestreamId && p.Status == ParticipantStatus.Joined)
            .ExecuteUpdateAsync(p => p
                .SetProperty(x => x.Status, ParticipantStatus.Left)
                .SetProperty(x => x.LeftAt, now), ct);
}
