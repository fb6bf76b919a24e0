using Favorited.Core.Data;

namespace Favorited.Core.Webhooks;

/// <summary>The <c>webhook_events</c> rows that make a webhook apply once: a duplicate id inserts nothing.</summary>
public static class WebhookEventLog
{
    /// <summary>Inserts a row per webhook (id, event name) in one statement, in the context's current transaction.</summary>
    /// <returns>The ids that were new.</returns>
    public static async Task<HashSet<string>> RecordAsync(FavoritedDbContext db, IReadOnlyList<(string Id, string Event)> webhooks,
        DateTime now, CancellationToken ct)
    {
        await using var command = db.Database.Command("""
            INSERT INTO webhook_events (id, event, processed_at, expires_at)
            SELECT id, event, $3, $4 FROM unnest($1::text[], $2::text[]) AS received(id, event)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            webhooks.Select(w => w.Id).ToArray(), webhooks.Select(w => w.Event).ToArray(), now, now + WebhookEvent.Retention);
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded.Add(reader.GetString(0));
        }
        return recorded;
    }
}
