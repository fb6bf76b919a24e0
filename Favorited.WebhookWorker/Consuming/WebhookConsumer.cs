using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.WebhookWorker.Processing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>
/// Reads the webhook stream as one consumer of the group and hands each entry to one of N lanes by room,
/// so one room's events are applied in order while different rooms proceed in parallel. A lane takes everything
/// waiting for it at once and applies consecutive participant webhooks in one transaction, so a burst costs one
/// commit per batch instead of one per webhook. An entry is acknowledged only after it was applied (or, when it can never
/// apply, moved to the dead-letter stream); while Postgres or Redis is away its lane retries it, however long that takes.
/// Anything unacknowledged when a worker stops is read again: by the same consumer name when it starts, or by another
/// consumer after <see cref="WebhookOptions.ClaimIdleTime"/>.
/// </summary>
public sealed class WebhookConsumer(WebhookStream stream, IConnectionMultiplexer redis, IServiceScopeFactory scopes,
    LiveStateStore liveState, IOptions<WebhookOptions> options, TimeProvider timeProvider, ILogger<WebhookConsumer> logger)
    : BackgroundService
{
    private const int LaneCapacity = 512;
    private const int MaxBatch = 256;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(30);

    // Entries read but not yet finished, so a claim of our own slow entry never runs it twice in this process.
    private readonly ConcurrentDictionary<string, byte> _inFlight = new();
    private readonly SemaphoreSlim _nudge = new(0, 1);

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenRedisAnswersAsync(stream.EnsureGroupAsync, stoppingToken);
        await WhenRedisAnswersAsync(
            () => redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.WebhookNudgeChannel), (_, _) => Nudge()),
            stoppingToken);

        var lanes = Enumerable.Range(0, Options.Concurrency)
            .Select(_ => Channel.CreateBounded<StreamEntry>(new BoundedChannelOptions(LaneCapacity) { SingleWriter = true, SingleReader = true }))
            .ToArray();
        var running = lanes.Select(lane => RunLaneAsync(lane.Reader, stoppingToken)).ToArray();
        try
        {
            await DispatchAsync(lanes, stoppingToken);
        }
        finally
        {
            // Entries already in a lane are finished before the worker stops (unless an outage holds them); nothing new is read.
            foreach (var lane in lanes)
            {
                lane.Writer.TryComplete();
            }
            await Task.WhenAll(running);
        }
    }

    private async Task DispatchAsync(Channel<StreamEntry>[] lanes, CancellationToken stoppingToken)
    {
        var ownPendingRead = false;
        var nextClaim = DateTimeOffset.MinValue;
        var nextTrim = timeProvider.GetUtcNow() + TrimInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Older entries reach the lanes before newer ones, so each room's events stay in order: first what this
                // consumer's name left pending in an earlier run, then what a consumer that died left, then new entries.
                if (!ownPendingRead)
                {
                    await foreach (var page in stream.ReadOwnPendingAsync(Options.ReadBatchSize))
                    {
                        await ToLanesAsync(lanes, page, stoppingToken);
                    }
                    ownPendingRead = true;
                }
                var now = timeProvider.GetUtcNow();
                if (now >= nextClaim)
                {
                    await stream.KeepClaimedAsync([.. _inFlight.Keys.Select(id => (RedisValue)id)]);
                    await foreach (var page in stream.ClaimAbandonedAsync(Options.ReadBatchSize))
                    {
                        await ToLanesAsync(lanes, page, stoppingToken);
                    }
                    nextClaim = now + ClaimCheckInterval;
                }
                if (now >= nextTrim)
                {
                    nextTrim = now + TrimInterval; // a failed trim waits for the next turn rather than hold up reading
                    await stream.TrimAcknowledgedAsync();
                }

                var entries = await stream.ReadNewAsync(Options.ReadBatchSize);
                await ToLanesAsync(lanes, entries, stoppingToken);
                if (entries.Length == 0)
                {
                    await _nudge.WaitAsync(IdlePoll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.StreamReadFailed(logger, ex.Message);
                await Task.Delay(IdlePoll, timeProvider, stoppingToken);
            }
        }
    }

    private async Task ToLanesAsync(Channel<StreamEntry>[] lanes, StreamEntry[] entries, CancellationToken stoppingToken)
    {
        foreach (var entry in entries)
        {
            if (_inFlight.TryAdd(entry.Id.ToString(), 0))
            {
                await lanes[LaneOf(entry, lanes.Length)].Writer.WriteAsync(entry, stoppingToken);
            }
        }
    }

    private TimeSpan ClaimCheckInterval => TimeSpan.FromTicks(Math.Max(Options.ClaimIdleTime.Ticks / 4, TimeSpan.TicksPerSecond));

    private static int LaneOf(StreamEntry entry, int laneCount)
    {
        var room = entry["room"];
        var hash = StringComparer.Ordinal.GetHashCode(room.IsNull ? "" : room.ToString());
        return (int)((uint)hash % (uint)laneCount);
    }

    private async Task RunLaneAsync(ChannelReader<StreamEntry> lane, CancellationToken stoppingToken)
    {
        var waiting = new List<StreamEntry>(MaxBatch);
        var leftPending = false;
        while (await lane.WaitToReadAsync(CancellationToken.None))
        {
            while (waiting.Count < MaxBatch && lane.TryRead(out var entry))
            {
                waiting.Add(entry);
            }
            try
            {
                // Once an entry is left pending, everything after it is too: applying a later event of its room first
                // would break the room's order.
                if (!leftPending)
                {
                    foreach (var run in Runs(waiting))
                    {
                        await HandleRunAsync(run, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                leftPending = true;
            }
            finally
            {
                foreach (var entry in waiting)
                {
                    _inFlight.TryRemove(entry.Id.ToString(), out _);
                }
                waiting.Clear();
            }
        }
    }

    /// <summary>
    /// What a lane had waiting, as runs to apply one after another in stream order (so each room's stay in order):
    /// consecutive participant webhooks together, anything else alone.
    /// </summary>
    private static IEnumerable<List<StreamEntry>> Runs(List<StreamEntry> waiting)
    {
        List<StreamEntry>? batch = null;
        foreach (var entry in waiting)
        {
            if (WebhookProcessor.CanBatch(entry["event"].ToString()))
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

    // Every webhook sends a nudge; while one is already waiting, the rest cost nothing (a throw per nudge did).
    private void Nudge()
    {
        if (_nudge.CurrentCount > 0)
        {
            return;
        }
        try
        {
            _nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another nudge got there first.
        }
    }

    private async Task WhenRedisAnswersAsync(Func<Task> action, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.StreamReadFailed(logger, ex.Message);
                await Task.Delay(IdlePoll, timeProvider, stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        _nudge.Dispose();
        base.Dispose();
    }
}
