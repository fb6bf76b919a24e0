using Favorited.Core.Data;
using Favorited.Core.Livestreams;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Moderation;

/// <summary>What the moderation and stage rules read of a livestream: who hosts it, its status and its LiveKit room.</summary>
public sealed record HostedStream(Guid Id, string CreatedBy, LivestreamStatus Status, string Room)
{
    public const string NotLiveMessage = "Livestream is not live";

    /// <returns>The stream, or null when there is none or the caller may not see it.</returns>
    public static Task<HostedStream?> FindAsync(FavoritedDbContext db, Guid streamId, string callerId, CancellationToken ct) =>
        db.Livestreams.AsNoTracking().Where(l => l.Id == streamId).VisibleTo(db, callerId)
            .Select(l => new HostedStream(l.Id, l.CreatedBy, l.Status, l.LivekitRoomName ?? l.RoomName))
            .SingleOrDefaultAsync(ct);

    public bool IsHost(string userId) => CreatedBy == userId;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction holding the stream's row, with a live-state version reserved for the
    /// change (<see cref="LiveState.LiveStateVersions"/>): the live-state change made after the commit with that version is
    /// ordered against the worker's changes of the same participant. Version 0 when the stream is not LIVE. Holding the row
    /// also puts the host's actions on one stream one after another, and a join waits for them (it reads the row FOR SHARE).
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(FavoritedDbContext db, Guid streamId, Func<long, Task<T>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var stream = await LivestreamLocks.LockAsync(db, streamId, ct);
            var version = stream?.Status != LivestreamStatus.Live
                ? 0
                : (await LiveState.LiveStateVersions.ReserveAsync(db, new Dictionary<Guid, int> { [streamId] = 1 }, ct))[streamId];
            var result = await work(version);
            await transaction.CommitAsync(ct);
            return result;
        });
    }
}
