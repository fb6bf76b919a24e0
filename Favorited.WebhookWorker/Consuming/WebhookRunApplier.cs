using System.Diagnostics;
using Favorited.Core.LiveState;
using Favorited.Core.Webhooks;
using Favorited.WebhookWorker.Processing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>
/// Applies what a lane took from the webhook stream, in stream order: consecutive webhooks that can share a transaction
/// (<see cref="IWebhookEventHandler.CanBatch"/>: participant webhooks) in one, so a burst costs one commit per run instead
/// of one per webhook. An entry is acknowledged only after it was applied (or, when it can never apply, moved to the
/// dead-letter stream); while Postgres or Redis is away it is retried, however long that takes.
/// </summary>
public sealed class WebhookRunApplier(WebhookStream stream, WebhookEventHandlers handlers, IServiceScopeFactory scopes,
    LiveStateStore liveState, IOptions<WebhookOptions> options, TimeProvider timeProvider, ILogger<WebhookRunApplier> logger)
{
    private WebhookOptions Options => options.Value;

    /// <summary>Applies the entries one run after another, each acknowledged or dead-lettered before the next starts.</summary>
    /// <exception cref="OperationCanceledException">
    /// The worker is stopping while a retry waits: that run and every one after it stay pending.
    /// </exception>
    public async Task ApplyInOrderAsync(IReadOnlyList<StreamEntry> entries, CancellationToken stoppingToken)
    {
        foreach (var run in Runs(entries))
        {
            await HandleRunAsync(run, stoppingToken);
        }
    }

    /// <summary>
    /// What a lane had waiting, as runs to apply one after another in stream order (so each room's stay in order):
    /// consecutive webhooks whose handlers can share a transaction together, anything else alone.
    /// </summary>
    private IEnumerable<List<StreamEntry>> Runs(IReadOnlyList<StreamEntry> waiting)
    {
        List<StreamEntry>? batch = null;
        foreach (var entry in waiting)
        {
            if (handlers.CanBatch(entry["event"].ToString()))
            {
                (batch ??= []).Add(entry);
                continue;
            }
            if (batch is not null)
            {
                yield return batch;
                batch = null;
            }
            yield return [entry];
        }
        if (batch is not null)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Applies a run in one transaction when it has several entries; if that fails other than by an outage, each entry
    /// is applied alone (so one bad entry cannot hold back the rest), and one that still fails is dead-lettered.
    /// </summary>
    private async Task HandleRunAsync(List<StreamEntry> run, CancellationToken stoppingToken)
    {
        if (run.Count > 1)
        {
            if (await ApplyAsync(run, unexpectedRetries: 0, stoppingToken) is not { } batchFailure)
            {
                return;
            }
            Log.BatchFailed(logger, run.Count, batchFailure);
        }
        foreach (var entry in run)
        {
            if (await ApplyAsync([entry], Options.MaxRetries, stoppingToken) is { } failure)
            {
                await DeadLetterAsync(entry, ReceivedWebhook.FromEntry(entry), failure);
            }
        }
    }

    /// <summary>
    /// Commits the entries in one transaction, applies their live state, and acknowledges them. A transient failure (see
    /// <see cref="WebhookFailures.Classify"/>) is retried with backoff for as long as it lasts, from the step that failed: a
    /// committed batch is not committed again, so live state still gets the changes described at commit, which retrace the
    /// stream's path (a replay as duplicates would only see where it ended, and lose the peak). An unexpected failure is
    /// retried <paramref name="unexpectedRetries"/> times; a permanent one is not retried.
    /// </summary>
    /// <returns>Null when applied and acknowledged; else the failure retrying did not fix, with nothing acknowledged.</returns>
    /// <exception cref="OperationCanceledException">The worker is stopping while a retry waits: the entries stay pending.</exception>
    private async Task<Exception?> ApplyAsync(IReadOnlyList<StreamEntry> entries, int unexpectedRetries, CancellationToken stoppingToken)
    {
        var webhooks = entries.Select(ReceivedWebhook.FromEntry).ToList();
        using var activity = StartApplyActivity(webhooks);
        CommittedBatch? committed = null;
        for (int attempt = 1, unexpected = 0; ; attempt++)
        {
            try
            {
                committed ??= await CommitAsync(webhooks);
                await committed.ApplyLiveStateAsync(liveState);
                await stream.AcknowledgeAsync([.. entries.Select(entry => entry.Id)]);
                for (var i = 0; i < webhooks.Count; i++)
                {
                    Log.WebhookProcessed(logger, webhooks[i].Event, webhooks[i].Id, committed.Outcomes[i]);
                }
                return null;
            }
            catch (Exception ex)
            {
                var failure = WebhookFailures.Classify(ex);
                if (failure == WebhookFailure.Permanent || (failure == WebhookFailure.Unexpected && unexpected++ >= unexpectedRetries))
                {
                    return ex;
                }
                var delay = RetryDelay(attempt);
                Log.WebhookRetrying(logger, webhooks[0].Event, webhooks[0].Id, webhooks.Count, failure, attempt, delay, ex);
                try
                {
                    await Task.Delay(delay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    Log.LaneLeftPending(logger, webhooks[0].Event, webhooks[0].Id);
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// One span for a run's transaction, live-state change and acknowledgement, in the trace of its first webhook that has
    /// one (the Api's receiver started it; the stream entry carries its traceparent); the other webhooks' traces are linked.
    /// </summary>
    private static Activity? StartApplyActivity(IReadOnlyList<ReceivedWebhook> webhooks)
    {
        var traces = webhooks.Select(webhook => ActivityContext.TryParse(webhook.TraceParent, null, out var context) ? context : default)
            .Where(context => context != default).ToList();
        var activity = WebhookProcessor.ActivitySource.StartActivity("apply webhooks", ActivityKind.Consumer, traces.FirstOrDefault(),
            links: traces.Skip(1).Select(context => new ActivityLink(context)));
        activity?.SetTag("favorited.webhook.batch_size", webhooks.Count);
        return activity;
    }

    private async Task<CommittedBatch> CommitAsync(IReadOnlyList<ReceivedWebhook> webhooks)
    {
        await using var scope = scopes.CreateAsyncScope();
        var processor = scope.ServiceProvider.GetRequiredService<WebhookProcessor>();
        return await processor.CommitAsync(webhooks, CancellationToken.None);
    }

    // 1 s, 2 s, 4 s … by default, up to MaxRetryDelay.
    private TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(Options.RetryBaseDelay.Ticks * Math.Pow(2, attempt - 1), Options.MaxRetryDelay.Ticks));

    private async Task DeadLetterAsync(StreamEntry entry, ReceivedWebhook webhook, Exception error)
    {
        Log.WebhookDeadLettered(logger, webhook.Event, webhook.Id, error);
        try
        {
            await stream.DeadLetterAsync(entry, $"{error.GetType().Name}: {error.Message}", timeProvider.GetUtcNow());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.StreamReadFailed(logger, ex.Message); // Still pending: it is claimed and tried again later.
        }
    }
}
