using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Favorited.Core.Webhooks;
using Favorited.WebhookWorker.Processing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>
/// Reads the webhook stream as one consumer of the group and hands each entry to one of N lanes by room,
/// so one room's events are applied in order while different rooms proceed in parallel. A lane takes everything
/// waiting for it at once and applies consecutive participant webhooks in one transaction, so a burst costs one
/// commit per batch instead of one per webhook. An entry is acknowledged only after it was applied
/// (or moved to the dead-letter stream); anything unacknowledged when a worker dies is claimed by another after
/// <see cref="WebhookOptions.ClaimIdleTime"/>.
/// </summary>
public sealed class WebhookConsumer(WebhookStream stream, IConnectionMultiplexer redis, IServiceScopeFactory scopes,
    IOptions<WebhookOptions> options, TimeProvider timeProvider, ILogger<WebhookConsumer> logger) : BackgroundService
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
            () => redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(WebhookQueue.NudgeChannel), (_, _) => Nudge()),
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
            // Entries already in a lane are finished before the worker stops; nothing new is read.
            foreach (var lane in lanes)
            {
                lane.Writer.TryComplete();
            }
            await Task.WhenAll(running);
        }
    }

    private async Task DispatchAsync(Channel<StreamEntry>[] lanes, CancellationToken stoppingToken)
    {
        var nextClaim = DateTimeOffset.MinValue;
        var nextTrim = timeProvider.GetUtcNow() + TrimInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var entries = await stream.ReadNewAsync(Options.ReadBatchSize);
                var now = timeProvider.GetUtcNow();
                if (now >= nextClaim)
                {
                    entries = [.. entries, .. await stream.ClaimAbandonedAsync(Options.ReadBatchSize)];
                    nextClaim = now + ClaimCheckInterval;
                }
                if (now >= nextTrim)
                {
                    await stream.TrimAcknowledgedAsync();
                    nextTrim = now + TrimInterval;
                }

                foreach (var entry in entries)
                {
                    if (_inFlight.TryAdd(entry.Id.ToString(), 0))
                    {
                        await lanes[LaneOf(entry, lanes.Length)].Writer.WriteAsync(entry, stoppingToken);
                    }
                }
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
        while (await lane.WaitToReadAsync(CancellationToken.None))
        {
            while (waiting.Count < MaxBatch && lane.TryRead(out var entry))
            {
                waiting.Add(entry);
            }
            foreach (var run in Runs(waiting))
            {
                try
                {
                    if (run.Count == 1 || !await TryHandleBatchAsync(run))
                    {
                        foreach (var entry in run)
                        {
                            await HandleAsync(entry, stoppingToken);
                        }
                    }
                }
                finally
                {
                    foreach (var entry in run)
                    {
                        _inFlight.TryRemove(entry.Id.ToString(), out _);
                    }
                }
            }
            waiting.Clear();
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

    /// <summary>Applies a batch in one transaction and acknowledges it.</summary>
    /// <returns>
    /// False when the batch failed: then nothing of it is acknowledged and its entries are handled one by one, each with
    /// its own retries (an id already committed is a duplicate then, whose live state is applied again).
    /// </returns>
    private async Task<bool> TryHandleBatchAsync(List<StreamEntry> batch)
    {
        try
        {
            var webhooks = batch.Select(ReceivedWebhook.FromEntry).ToList();
            await using var scope = scopes.CreateAsyncScope();
            var processor = scope.ServiceProvider.GetRequiredService<WebhookProcessor>();
            var outcomes = await processor.ProcessBatchAsync(webhooks, CancellationToken.None);
            await stream.AcknowledgeAsync([.. batch.Select(entry => entry.Id)]);
            for (var i = 0; i < webhooks.Count; i++)
            {
                Log.WebhookProcessed(logger, webhooks[i].Event, webhooks[i].Id, outcomes[i]);
            }
            return true;
        }
        catch (Exception ex)
        {
            Log.BatchFailed(logger, batch.Count, ex.Message);
            return false;
        }
    }

    /// <summary>Applies an entry, retrying with backoff (1 s, 2 s, 4 s by default), then dead-letters it.</summary>
    private async Task HandleAsync(StreamEntry entry, CancellationToken stoppingToken)
    {
        var webhook = ReceivedWebhook.FromEntry(entry);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<WebhookProcessor>();
                var outcome = await processor.ProcessAsync(webhook, CancellationToken.None);
                await stream.AcknowledgeAsync(entry.Id);
                Log.WebhookProcessed(logger, webhook.Event, webhook.Id, outcome);
                return;
            }
            catch (Exception ex)
            {
                if (attempt >= Options.MaxRetries || IsPermanent(ex))
                {
                    await DeadLetterAsync(entry, webhook, ex);
                    return;
                }
                var delay = Options.RetryBaseDelay * Math.Pow(2, attempt);
                Log.WebhookRetrying(logger, webhook.Event, webhook.Id, attempt + 1, delay, ex.Message);
                try
                {
                    await Task.Delay(delay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return; // Left pending: claimed again after the claim idle time.
                }
            }
        }
    }

    private static bool IsPermanent(Exception ex) => ex is JsonException or InvalidDataException;

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
