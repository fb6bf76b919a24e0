using System.Diagnostics;
using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Favorited.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Favorited.WebhookWorker.Processing;

/// <summary>
/// Applies one webhook exactly once to Postgres: its <c>webhook_events</c> row and its effect commit in one
/// transaction, and a duplicate id commits nothing. Live state follows from what Postgres then holds.
/// </summary>
public sealed class WebhookProcessor(FavoritedDbContext db, LiveStateStore liveState, IEnumerable<IWebhookEventHandler> handlers,
    TimeProvider timeProvider)
{
    public static readonly ActivitySource ActivitySource = new("Favorited.WebhookWorker");

    public async Task<WebhookOutcome> ProcessAsync(ReceivedWebhook webhook, CancellationToken ct)
    {
        ActivityContext.TryParse(webhook.TraceParent, null, out var parent);
        using var activity = ActivitySource.StartActivity($"process {webhook.Event}", ActivityKind.Consumer, parent);
        activity?.SetTag("livekit.webhook.id", webhook.Id);
        activity?.SetTag("livekit.room", webhook.Room);

        var liveKitEvent = JsonSerializer.Deserialize<LiveKitWebhookEvent>(webhook.Body, LiveKitJson.Options)
            ?? throw new InvalidDataException("The webhook body is JSON null.");
        var handler = handlers.FirstOrDefault(h => h.EventType == liveKitEvent.Event);

        var strategy = db.Database.CreateExecutionStrategy();
        var (recorded, change) = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var recorded = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO webhook_events (id, event, processed_at, expires_at)
                VALUES ({webhook.Id}, {liveKitEvent.Event}, {now}, {now + WebhookEvent.Retention})
                ON CONFLICT (id) DO NOTHING
                """, ct) == 1;

            LiveStateChange? change = null;
            if (handler is not null)
            {
                var stream = await StreamResolver.FindAndLockAsync(db, liveKitEvent.Room, ct);
                var context = new WebhookContext(db, liveKitEvent, stream, now);
                if (recorded)
                {
                    await handler.ApplyAsync(context, ct);
                    await db.SaveChangesAsync(ct);
                }
                change = await handler.DescribeLiveStateAsync(context, ct);
            }
            await transaction.CommitAsync(ct);
            return (recorded, change);
        });

        if (change is not null)
        {
            await change.ApplyAsync(liveState);
        }
        var outcome = !recorded ? WebhookOutcome.Duplicate : handler is null ? WebhookOutcome.Ignored : WebhookOutcome.Applied;
        activity?.SetTag("favorited.webhook.outcome", outcome.ToString());
        return outcome;
    }
}

public enum WebhookOutcome
{
    Applied,
    /// <summary>Recorded, but Favorited does nothing with this event type.</summary>
    Ignored,
    /// <summary>The id was applied before; nothing was changed in Postgres.</summary>
    Duplicate,
}
