using Favorited.Core.Data;

namespace Favorited.WebhookWorker.Processing;

internal static class StreamEnding
{
    /// <summary>
    /// Ends a stream whose room is gone: ENDED (keeping an earlier <c>endedAt</c>), and every session still
    /// JOINED leaves, bound to LiveKit or not. The caller saves the stream.
    /// </summary>
    public static async Task EndAsync(FavoritedDbContext db, Livestream stream, DateTime now, CancellationToken ct)
    {
        if (stream.Status is LivestreamStatus.Live or LivestreamStatus.Scheduled)
        {
            stream.Status = LivestreamStatus.Ended;
            stream.EndedAt = now;
        }
        await db.Participants.LeaveAllJoinedAsync(stream.Id, now, ct);
    }
}
