using System.Collections.Concurrent;
using System.Threading.Channels;
using Favorited.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>
/// Reads the webhook stream as one consumer of the group and hands each entry to one of N lanes by room,
/// so one room's events are applied in order while different rooms proceed in parallel. A lane takes everything
/// waiting for it at once and gives it to <see cref="WebhookRunApplier"/>. An entry stays pending until it was applied or
/// dead-lettered: anything unacknowledged when a worker stops is read again, by the same consumer name when it starts, or
/// by another consumer after <see cref="WebhookOptions.ClaimIdleTime"/>. Dispatch never waits for a lane: when one is full
/// (its room retrying a failure, say), its entries are left pending and read again once it has room, so the other rooms'
/// lanes keep going.
/// </summary>
public sealed class WebhookConsumer(WebhookStream stream, IConnectionMultiplexer redis, WebhookRunApplier runs,
    IOptions<WebhookOptions> options, TimeProvider timeProvider, ILogger<WebhookConsumer> logger)
    : BackgroundService
{
    private const int LaneCapacity = 512;
    private const int MaxBatch = 256;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(30);

    // Entries read but not yet finished, so a claim of our own slow entry never runs it twice in this process.
    private readonly ConcurrentDictionary<string, byte> _inFlight = new();
    // Entries a full lane could not take (id → lane), still pending with this consumer; only the dispatch loop uses it.
    private readonly Dictionary<string, int> _deferred = [];
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
        // A lane that refused an entry takes none of the later ones until its deferred entries are read again (in stream
        // order), so its room's events stay in order.
        var deferring = new bool[lanes.Length];
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
                        ToLanes(lanes, deferring, page);
                    }
                    ownPendingRead = true;
                }
                var now = timeProvider.GetUtcNow();
                if (now >= nextClaim)
                {
                    await stream.KeepClaimedAsync([.. _inFlight.Keys.Concat(_deferred.Keys).Select(id => (RedisValue)id)]);
                    await foreach (var page in stream.ClaimAbandonedAsync(Options.ReadBatchSize))
                    {
                        ToLanes(lanes, deferring, page);
                    }
                    nextClaim = now + ClaimCheckInterval;
                }
                if (now >= nextTrim)
                {
                    nextTrim = now + TrimInterval; // a failed trim waits for the next turn rather than hold up reading
                    await stream.TrimAcknowledgedAsync();
                }

                if (AnyDeferringLaneHasRoom(lanes, deferring))
                {
                    await RedispatchDeferredAsync(lanes, deferring);
                }

                var entries = await stream.ReadNewAsync(Options.ReadBatchSize);
                ToLanes(lanes, deferring, entries);
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

    private void ToLanes(Channel<StreamEntry>[] lanes, bool[] deferring, StreamEntry[] entries)
    {
        foreach (var entry in entries)
        {
            var id = entry.Id.ToString();
            if (_inFlight.ContainsKey(id))
            {
                continue;
            }
            var lane = LaneOf(entry, lanes.Length);
            if (!deferring[lane])
            {
                _inFlight.TryAdd(id, 0); // before the lane has it, since the lane removes it when done
                if (lanes[lane].Writer.TryWrite(entry))
                {
                    continue;
                }
                _inFlight.TryRemove(id, out _);
                deferring[lane] = true;
            }
            _deferred[id] = lane;
        }
    }

    private static bool AnyDeferringLaneHasRoom(Channel<StreamEntry>[] lanes, bool[] deferring)
    {
        for (var lane = 0; lane < lanes.Length; lane++)
        {
            if (deferring[lane] && lanes[lane].Reader.Count <= LaneCapacity / 2)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Reads this consumer's pending entries again and hands the deferred ones to their lanes, in stream order. One that is
    /// no longer pending (acknowledged, or taken over by another consumer) is dropped; if reading fails, all that were not
    /// handed over stay deferred.
    /// </summary>
    private async Task RedispatchDeferredAsync(Channel<StreamEntry>[] lanes, bool[] deferring)
    {
        var waiting = new Dictionary<string, int>(_deferred);
        _deferred.Clear();
        Array.Clear(deferring);
        try
        {
            await foreach (var page in stream.ReadOwnPendingAsync(Options.ReadBatchSize))
            {
                ToLanes(lanes, deferring, [.. page.Where(entry => waiting.Remove(entry.Id.ToString()))]);
            }
        }
        catch
        {
            foreach (var (id, lane) in waiting)
            {
                _deferred[id] = lane;
                deferring[lane] = true;
            }
            throw;
        }
    }

    private TimeSpan ClaimCheckInterval => TimeSpan.FromTicks(Math.Max(Options.ClaimIdleTime.Ticks / 4, TimeSpan.TicksPerSecond));

    private static int LaneOf(StreamEntry entry, int laneCount)
    {
        var room = entry["room"];
        return LaneOf(room.IsNull ? "" : room.ToString(), laneCount);
    }

    // String hashes differ between processes, never within one.
    internal static int LaneOf(string room, int laneCount) => (int)((uint)StringComparer.Ordinal.GetHashCode(room) % (uint)laneCount);

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
                    await runs.ApplyInOrderAsync(waiting, stoppingToken);
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
