using System.Diagnostics;
using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Favorited.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Favorited.Core.Livestreams;
using Favorited.Core.Sessions;

namespace Favorited.WebhookWorker.Processing;

/// <summary>
/// Applies webhooks exactly once to Postgres: each one's <c>webhook_events</c> row and its effect commit in one
/// transaction, and a duplicate id commits nothing. Live state follows from what Postgres then holds: the caller applies the
/// changes described at commit. A batch (participant webhooks of one lane, in stream order) is applied the same way in a
/// single transaction.
/// </summary>
public sealed class WebhookProcessor(FavoritedDbContext db, WebhookEventHandlers handlers, TimeProvider timeProvider)
{
    public static readonly ActivitySource ActivitySource = new("Favorited.WebhookWorker");

    /// <summary>
    /// Applies the webhooks in order in one transaction (together with their <c>webhook_events</c> rows) and describes,
    /// in the same order, the live-state changes to make once it committed. Either all of them commit or none does.
    /// </summary>
    public async Task<CommittedBatch> CommitAsync(IReadOnlyList<ReceivedWebhook> webhooks, CancellationToken ct)
    {
        var events = webhooks.Select(webhook => JsonSerializer.Deserialize<LiveKitWebhookEvent>(webhook.Body, LiveKitJson.Options)
            ?? throw new InvalidDataException("The webhook body is JSON null.")).ToList();

        var strategy = db.Database.CreateExecutionStrategy();
        var (outcomes, changes) = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var sessions = new SessionLookup(db);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var recorded = await WebhookEventLog.RecordAsync(db, [.. webhooks.Select((webhook, i) => (webhook.Id, events[i].Event))], now, ct);

            var streams = await ResolveAsync(events, ct);
            if (webhooks.Count > 1)
            {
                // One query for the sessions any webhook of the batch can touch.
                await sessions.LoadAsync(events
                    .Where(e => e.Room is not null && e.Participant is not null && streams[(e.Room.Sid, e.Room.Name)] is not null)
                    .Select(e => (streams[(e.Room!.Sid, e.Room.Name)]!.Id, e.Participant!)), ct);
            }
            var outcomes = new WebhookOutcome[webhooks.Count];
            var changes = new List<LiveStateChange>();
            for (var i = 0; i < webhooks.Count; i++)
            {
                var (webhook, liveKitEvent) = (webhooks[i], events[i]);
                ActivityContext.TryParse(webhook.TraceParent, null, out var parent);
                using var activity = ActivitySource.StartActivity($"process {webhook.Event}", ActivityKind.Consumer, parent);
                activity?.SetTag("livekit.webhook.id", webhook.Id);
                activity?.SetTag("livekit.room", webhook.Room);
                activity?.SetTag("favorited.webhook.batch_size", webhooks.Count);

                // The first of several copies of one id in a batch is the one applied.
                var isNew = recorded.Remove(webhook.Id);
                var handler = handlers.Find(liveKitEvent.Event);
                outcomes[i] = !isNew ? WebhookOutcome.Duplicate : handler is null ? WebhookOutcome.Ignored : WebhookOutcome.Applied;
                activity?.SetTag("favorited.webhook.outcome", outcomes[i].ToString());
                if (handler is null)
                {
                    continue;
                }

                var stream = liveKitEvent.Room is { } room ? streams[(room.Sid, room.Name)] : null;
                var context = new WebhookContext(db, liveKitEvent, stream, now, sessions);
                if (isNew)
                {
                    await handler.ApplyAsync(context, ct);
                }
                if (await handler.DescribeLiveStateAsync(context, ct) is { } change)
                {
                    changes.Add(change);
                }
            }
            await sessions.SaveAsync(ct);
            await db.SaveChangesAsync(ct);
            var versioned = await VersionAsync(changes, ct);
            await transaction.CommitAsync(ct);
            return (outcomes, versioned);
        });
        return new CommittedBatch(outcomes, changes);
    }

    /// <summary>
    /// Gives each change the next version of its stream, in order, in this transaction (the streams' rows are locked), so the
    /// live-state scripts can drop a change that reaches Redis after a newer one.
    /// </summary>
    private async Task<List<LiveStateChange>> VersionAsync(List<LiveStateChange> changes, CancellationToken ct)
    {
        var next = await LiveStateVersions.ReserveAsync(db,
            changes.GroupBy(change => change.StreamId).ToDictionary(group => group.Key, group => group.Count()), ct);
        return [.. changes.Select(change => change with { Version = next[change.StreamId]++ })];
    }

    /// <summary>The livestream of each room the handled webhooks name, found and locked.</summary>
    private Task<Dictionary<(string? Sid, string Name), Livestream?>> ResolveAsync(List<LiveKitWebhookEvent> events,
        CancellationToken ct) =>
        LivestreamLocks.FindAndLockAsync(db,
            [.. events.Where(e => e.Room is not null && handlers.Find(e.Event) is not null).Select(e => e.Room!)], ct);
}

public enum WebhookOutcome
{
    Applied,
    /// <summary>Recorded, but Favorited does nothing with this event type.</summary>
    Ignored,
    /// <summary>The id was applied before; nothing was changed in Postgres.</summary>
    Duplicate,
}
