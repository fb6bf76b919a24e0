using System.Collections.Concurrent;
using System.Diagnostics;
using Favorited.Core.Redis;
using Favorited.Testing;
using Favorited.WebhookWorker.Consuming;
using Favorited.WebhookWorker.Processing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// One room's lane filling up (its webhooks retried, or slow) must not hold up the other rooms' lanes: the dispatcher leaves
/// the full lane's entries pending and reads them again when it has room. More of one room's entries are queued than its
/// lane holds (512) plus what the lane takes at once (256), so without that the dispatcher waits on the full lane.
/// </summary>
public sealed class LaneStallTests(TestServers servers)
{
    private const int Lanes = 10;
    private const string BusyRoom = "busy-room";

    [Fact]
    public async Task ARoomRetryingAFailureDoesNotHoldUpOtherRooms()
    {
        var handler = new RecordingHandler(failFor: BusyRoom);
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        await QueueAsync(graph, BusyRoom, 1_000);
        var otherRooms = RoomsOnOtherLanes(8);
        foreach (var room in otherRooms)
        {
            await QueueAsync(graph, room, 1);
        }

        var started = Stopwatch.StartNew();
        StartWorker(graph, handler);
        await Eventually.MatchesAsync(() => Task.FromResult(handler.AppliedRooms.Count), count => count == otherRooms.Count,
            TimeSpan.FromSeconds(5), "the other rooms' webhooks to be applied", TestContext.Current.CancellationToken);

        // Each of the busy room's webhooks takes four tries, 350 ms of back-off: it is still far from done.
        Assert.True(handler.Failures < 1_000 * 4, $"{handler.Failures} failures in {started.Elapsed}");
        Assert.Equal(otherRooms.Order(), handler.AppliedRooms.Keys.Order());
    }

    [Fact]
    public async Task WhatAFullLaneLeftPendingIsAppliedLaterInStreamOrderOnce()
    {
        var handler = new RecordingHandler(failFor: null);
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var queued = await QueueAsync(graph, BusyRoom, 1_200);

        StartWorker(graph, handler);
        // More keep coming while the lane is full: they must wait behind the ones it could not take.
        for (var i = 0; i < 40; i++)
        {
            queued.AddRange(await QueueAsync(graph, BusyRoom, 10));
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
        await graph.WaitForDrainedAsync();

        Assert.Equal(queued, handler.AppliedInOrder);
    }

    private static void StartWorker(WorkerGraph graph, RecordingHandler handler) =>
        graph.StartWorker(services =>
        {
            WithoutReconciliation(services);
            services.AddSingleton<IWebhookEventHandler>(handler);
            services.Configure<WebhookOptions>(options => (options.Concurrency, options.ClaimIdleTime) = (Lanes, TimeSpan.FromHours(1)));
        });

    private static async Task<List<string>> QueueAsync(WorkerGraph graph, string room, int count)
    {
        var db = graph.Redis.GetDatabase();
        var ids = Enumerable.Range(0, count).Select(_ => NewWebhookId()).ToList();
        var batch = db.CreateBatch();
        var adds = ids.Select(id => batch.StreamAddAsync(RedisKeys.WebhookStream, QueueEntry(
            $$"""{"event":"{{RecordingHandler.Event}}","id":"{{id}}","room":{"name":"{{room}}"} }""", RecordingHandler.Event, room))).ToList();
        batch.Execute();
        await Task.WhenAll(adds);
        return ids;
    }

    // The worker runs in this process, so its lanes hash rooms as this code does.
    private static List<string> RoomsOnOtherLanes(int count) =>
        [.. Enumerable.Range(0, 1_000).Select(i => $"room-{i}")
            .Where(room => WebhookConsumer.LaneOf(room, Lanes) != WebhookConsumer.LaneOf(BusyRoom, Lanes)).Take(count)];

    /// <summary>Fails every webhook of one room (a bug, not an outage: retried three times, then dead-lettered); records the rest.</summary>
    private sealed class RecordingHandler(string? failFor) : IWebhookEventHandler
    {
        public const string Event = "test_recorded";
        private int _failures;

        public int Failures => _failures;
        public ConcurrentDictionary<string, byte> AppliedRooms { get; } = new();
        public ConcurrentQueue<string> AppliedInOrder { get; } = new();
        public string EventType => Event;
        public bool CanBatch => false;

        public Task ApplyAsync(WebhookContext context, CancellationToken cancellationToken)
        {
            var room = context.Event.Room?.Name ?? "";
            if (room == failFor)
            {
                Interlocked.Increment(ref _failures);
                throw new InvalidOperationException($"{room} fails on purpose");
            }
            AppliedRooms.TryAdd(room, 0);
            AppliedInOrder.Enqueue(context.Event.Id!);
            return Task.CompletedTask;
        }

        public Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken cancellationToken) =>
            Task.FromResult<LiveStateChange?>(null);
    }
}
