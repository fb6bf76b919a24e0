using System.Text.Json;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Favorited.Core.Analytics;

/// <summary>
/// The computed figures of streams that have ended (<c>stream_analytics</c>), so that reading them costs one row. A snapshot
/// knows the stream's live-state version it was computed from: anything that can still change an ended stream's sessions
/// (a late disconnect report) moves that version, and the snapshot is then computed again.
/// </summary>
public static class AnalyticsSnapshots
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<AnalyticsSnapshot?> ReadAsync(FavoritedDbContext db, Guid streamId, CancellationToken ct)
    {
        return await RunAsync(db, async () =>
        {
            await using var command = db.Database.Command("""
                SELECT source_version, computed_at, summary, per_second, per_minute
                FROM stream_analytics WHERE livestream_id = $1
                """, streamId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            return new AnalyticsSnapshot(
                reader.GetInt64(0),
                DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                JsonSerializer.Deserialize<AnalyticsReport>(reader.GetString(2), Json)!,
                reader.IsDBNull(3) ? null : PerSecondSeries.FromBytes(reader.GetFieldValue<byte[]>(3)),
                AudienceSeries.FromBytes(reader.GetFieldValue<byte[]>(4)));
        });
    }

    /// <summary>The reports (no series) of the streams' snapshots, with the version each was computed from.</summary>
    public static async Task<IReadOnlyDictionary<Guid, (long SourceVersion, AnalyticsReport Report)>> ReadReportsAsync(
        FavoritedDbContext db, Guid[] streamIds, CancellationToken ct)
    {
        return await RunAsync(db, async () =>
        {
            await using var command = db.Database.Command(
                "SELECT livestream_id, source_version, summary FROM stream_analytics WHERE livestream_id = ANY($1)", streamIds);
            var reports = new Dictionary<Guid, (long, AnalyticsReport)>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                reports[reader.GetGuid(0)] = (reader.GetInt64(1), JsonSerializer.Deserialize<AnalyticsReport>(reader.GetString(2), Json)!);
            }
            return (IReadOnlyDictionary<Guid, (long, AnalyticsReport)>)reports;
        });
    }

    /// <summary>Stores the figures unless a snapshot computed from a later version is already there.</summary>
    public static async Task SaveAsync(FavoritedDbContext db, Guid streamId, AnalyticsSnapshot snapshot, CancellationToken ct)
    {
        await RunAsync(db, async () =>
        {
            await using var command = db.Database.Command("""
                INSERT INTO stream_analytics (livestream_id, source_version, computed_at, summary, per_second, per_minute)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (livestream_id) DO UPDATE
                SET source_version = excluded.source_version, computed_at = excluded.computed_at, summary = excluded.summary,
                    per_second = excluded.per_second, per_minute = excluded.per_minute
                WHERE stream_analytics.source_version < excluded.source_version
                """,
                streamId, snapshot.SourceVersion, snapshot.ComputedAt,
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(snapshot.Report, Json) },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)snapshot.PerSecond?.ToBytes() ?? DBNull.Value },
                snapshot.PerMinute.ToBytes());
            return await command.ExecuteNonQueryAsync(ct);
        });
    }

    /// <summary>Ended streams with no snapshot, or one older than their live state: the latest ended first (the likeliest to be asked for).</summary>
    public static async Task<IReadOnlyList<Guid>> StaleAsync(FavoritedDbContext db, int limit, CancellationToken ct)
    {
        return await RunAsync(db, async () =>
        {
            await using var command = db.Database.Command("""
                SELECT l.id FROM livestreams l
                LEFT JOIN stream_analytics a ON a.livestream_id = l.id
                WHERE l.status = 'ENDED' AND l.started_at IS NOT NULL
                  AND (a.livestream_id IS NULL OR a.source_version < l.live_state_version)
                ORDER BY l.ended_at DESC NULLS LAST
                LIMIT $1
                """, limit);
            var ids = new List<Guid>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }
            return (IReadOnlyList<Guid>)ids;
        });
    }

    /// <summary>Drops the per-second series of up to <paramref name="limit"/> streams that ended before the cutoff.</summary>
    /// <returns>How many snapshots were trimmed.</returns>
    public static async Task<int> TrimSeriesAsync(FavoritedDbContext db, DateTime endedBefore, int limit, CancellationToken ct)
    {
        return await RunAsync(db, async () =>
        {
            await using var command = db.Database.Command("""
                UPDATE stream_analytics SET per_second = NULL
                WHERE livestream_id IN (
                    SELECT a.livestream_id FROM stream_analytics a JOIN livestreams l ON l.id = a.livestream_id
                    WHERE a.per_second IS NOT NULL AND l.ended_at < $1
                    LIMIT $2)
                """, endedBefore, limit);
            return await command.ExecuteNonQueryAsync(ct);
        });
    }

    private static async Task<T> RunAsync<T>(FavoritedDbContext db, Func<Task<T>> run)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            return await run();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <param name="SourceVersion">The stream's live-state version read before its sessions were.</param>
public sealed record AnalyticsSnapshot(
    long SourceVersion, DateTime ComputedAt, AnalyticsReport Report, PerSecondSeries? PerSecond, AudienceSeries PerMinute);
