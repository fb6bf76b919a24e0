using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Analytics;

/// <summary>
/// Reads what <see cref="AudienceCalculator"/> needs of a stream (docs/design/analytics.md §1.4): its sessions' intervals by LiveKit's
/// clock, split at their role changes, the viewers seen in the creator's earlier streams, and the chat messages per user.
/// Raw SQL: a long stream has tens of thousands of sessions, and this runs on every live analytics request the cache misses.
/// </summary>
public static class AudienceSource
{
    private static readonly string HostLabel = ParticipantRole.Host.Label();

    // [connected_at, coalesce(disconnected_at, left_at, end)) clamped to [started_at, end]; $3, the end, is ended_at or as-of.
    private static readonly string SessionsSql = $"""
        SELECT id, user_id, display_name, role = '{HostLabel}', start_at, end_at
        FROM (SELECT id, user_id, display_name, role, greatest(connected_at, $2) AS start_at,
                     least(coalesce(disconnected_at, left_at, $3), $3) AS end_at
              FROM participants
              WHERE livestream_id = $1 AND connected_at IS NOT NULL) AS session
        WHERE start_at < end_at
        """;

    private static readonly string RoleChangesSql = $"""
        SELECT participant_id, at, from_role = '{HostLabel}', to_role = '{HostLabel}'
        FROM participant_role_changes
        WHERE livestream_id = $1
        ORDER BY participant_id, at, id
        """;

    private const string ReturningSql = """
        SELECT DISTINCT p.user_id
        FROM participants AS p JOIN livestreams AS l ON l.id = p.livestream_id
        WHERE p.user_id = ANY($1) AND l.created_by = $2 AND l.started_at < $3 AND l.id <> $4
          AND p.connected_at IS NOT NULL AND p.disconnected_at IS DISTINCT FROM p.connected_at
        """;

    private const string ChatSql = """
        SELECT user_id, count(*)::int FROM chat_messages WHERE livestream_id = $1 GROUP BY user_id
        """;

    /// <param name="stream">A stream that went live (<see cref="Livestream.StartedAt"/> is set).</param>
    /// <param name="asOf">The end of the window: <see cref="Livestream.EndedAt"/> for an ended stream, the clock now for a live one.</param>
    /// <param name="known">For a live stream read again and again: what earlier reads learned of its returning viewers.</param>
    public static async Task<AudienceInput> ReadAsync(FavoritedDbContext db, Livestream stream, DateTime asOf,
        CancellationToken cancellationToken, ReturningViewers? known = null)
    {
        var startedAt = stream.StartedAt ?? throw new ArgumentException("The stream never went live.", nameof(stream));
        var end = stream.EndedAt is { } endedAt && endedAt < asOf ? endedAt : asOf;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var roleChanges = await ReadRoleChangesAsync(db, stream.Id, cancellationToken);
            var spans = await ReadSpansAsync(db, stream.Id, startedAt, end, roleChanges, cancellationToken);
            var viewers = spans.Where(s => s.Role == ParticipantRole.Viewer).Select(s => s.UserId).Distinct(StringComparer.Ordinal).ToArray();
            var asked = known?.NotYetAsked(viewers) ?? viewers;
            var returning = await ReadReturningAsync(db, stream, asked, cancellationToken);
            if (known is not null)
            {
                returning = known.Learn(asked, returning);
            }
            var chat = await ReadChatMessagesAsync(db, stream.Id, cancellationToken);
            return new AudienceInput(startedAt, asOf, stream.Status == LivestreamStatus.Live, spans, returning, chat);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The stream's figures as of <paramref name="asOf"/>: its spans read and calculated.</summary>
    public static async Task<AudienceFigures> CalculateAsync(FavoritedDbContext db, Livestream stream, DateTime asOf,
        CancellationToken cancellationToken, ReturningViewers? known = null) =>
        AudienceCalculator.Calculate(await ReadAsync(db, stream, asOf, cancellationToken, known));

    private static async Task<List<AudienceSpan>> ReadSpansAsync(FavoritedDbContext db, Guid streamId, DateTime startedAt, DateTime end,
        Dictionary<Guid, List<RoleChange>> roleChanges, CancellationToken ct)
    {
        var spans = new List<AudienceSpan>();
        await using var command = db.Database.Command(SessionsSql, streamId, startedAt, end);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var session = new SessionInterval(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.GetBoolean(3) ? ParticipantRole.Host : ParticipantRole.Viewer, reader.GetDateTime(4), reader.GetDateTime(5));
            if (roleChanges.TryGetValue(session.Id, out var changes))
            {
                SplitAtRoleChanges(session, changes, spans);
            }
            else
            {
                spans.Add(session.Span(session.Role, session.Start, session.End));
            }
        }
        return spans;
    }

    /// <summary>The session's role before its first change is that change's from-role; each change starts a span in its to-role.</summary>
    private static void SplitAtRoleChanges(SessionInterval session, List<RoleChange> changes, List<AudienceSpan> spans)
    {
        var role = changes[0].From;
        var from = session.Start;
        foreach (var change in changes)
        {
            var at = change.At < session.Start ? session.Start : change.At > session.End ? session.End : change.At;
            if (from < at)
            {
                spans.Add(session.Span(role, from, at));
                from = at;
            }
            role = change.To;
        }
        if (from < session.End)
        {
            spans.Add(session.Span(role, from, session.End));
        }
    }

    private static async Task<Dictionary<Guid, List<RoleChange>>> ReadRoleChangesAsync(FavoritedDbContext db, Guid streamId,
        CancellationToken ct)
    {
        var changes = new Dictionary<Guid, List<RoleChange>>();
        await using var command = db.Database.Command(RoleChangesSql, streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var sessionId = reader.GetGuid(0);
            if (!changes.TryGetValue(sessionId, out var ofSession))
            {
                changes[sessionId] = ofSession = [];
            }
            ofSession.Add(new RoleChange(reader.GetDateTime(1), RoleOf(reader.GetBoolean(2)), RoleOf(reader.GetBoolean(3))));
        }
        return changes;
    }

    /// <summary>
    /// Which of these identities have a non-empty interval in an earlier stream of the same creator (§2 "New vs returning").
    /// </summary>
    private static async Task<IReadOnlySet<string>> ReadReturningAsync(FavoritedDbContext db, Livestream stream,
        IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        var returning = new HashSet<string>(StringComparer.Ordinal);
        if (identities.Count == 0)
        {
            return returning;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.Command(ReturningSql, identities.ToArray(), stream.CreatedBy, stream.StartedAt,
                stream.Id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                returning.Add(reader.GetString(0));
            }
            return returning;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Every message posted in the stream per author, deleted ones included: they were posted.</summary>
    private static async Task<IReadOnlyDictionary<string, int>> ReadChatMessagesAsync(FavoritedDbContext db, Guid streamId,
        CancellationToken ct)
    {
        var messages = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = db.Database.Command(ChatSql, streamId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            messages[reader.GetString(0)] = reader.GetInt32(1);
        }
        return messages;
    }

    private static ParticipantRole RoleOf(bool isHost) => isHost ? ParticipantRole.Host : ParticipantRole.Viewer;

    private readonly record struct SessionInterval(Guid Id, string UserId, string DisplayName, ParticipantRole Role, DateTime Start,
        DateTime End)
    {
        public AudienceSpan Span(ParticipantRole role, DateTime start, DateTime end) => new(Id, UserId, DisplayName, role, start, end);
    }

    private readonly record struct RoleChange(DateTime At, ParticipantRole From, ParticipantRole To);
}
