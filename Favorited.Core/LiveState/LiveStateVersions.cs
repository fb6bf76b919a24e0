using Favorited.Core.Data;

namespace Favorited.Core.LiveState;

/// <summary>
/// Versions for live-state changes: a per-stream sequence in PostgreSQL (<c>livestreams.live_state_version</c>), advanced in
/// the transaction that commits the change, while that transaction holds the stream's row. Transactions of one stream commit
/// one after another in the order they took the row, so versions follow commit order in every process; the live-state
/// scripts drop a change older than what they hold (see <see cref="LiveStateScripts"/>).
/// </summary>
public static class LiveStateVersions
{
    /// <summary>
    /// Reserves <c>count</c> versions for each stream, in one statement in the context's current transaction; the caller must
    /// hold the streams' rows (<see cref="Livestreams.LivestreamLocks"/>) until it commits.
    /// </summary>
    /// <returns>Each stream's first reserved version; the others follow it one by one.</returns>
    public static async Task<Dictionary<Guid, long>> ReserveAsync(FavoritedDbContext db, IReadOnlyDictionary<Guid, int> counts,
        CancellationToken ct)
    {
        var first = new Dictionary<Guid, long>();
        if (counts.Count == 0)
        {
            return first;
        }
        await using var command = db.Database.Command("""
            UPDATE livestreams AS l SET live_state_version = l.live_state_version + reserved.count
            FROM unnest($1::uuid[], $2::int[]) AS reserved(id, count)
            WHERE l.id = reserved.id
            RETURNING l.id, l.live_state_version - reserved.count + 1
            """,
            counts.Keys.ToArray(), counts.Values.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            first[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        return first;
    }
}
