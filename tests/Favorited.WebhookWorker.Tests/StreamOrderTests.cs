using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.Testing;
using Favorited.WebhookWorker.Consuming;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// Entries a stopped consumer left pending are older than the ones read next: they must be applied first, or a room's
/// events run backwards. The tests queue every viewer's join, leave them pending with a consumer, then queue the leaves:
/// in order the peak is the whole crowd; leaves first, nobody ever counts.
/// </summary>
public sealed class StreamOrderTests(TestServers servers)
{
    private const int Viewers = 10;
    private const string Group = "webhook-workers";

    [Fact]
    public async Task ARestartedWorkerAppliesWhatItsNameLeftPendingBeforeNewEntries()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await QueueJoinsPendingWithAsync(graph, "worker-a");

        // The same name again; no claim could take the entries over (the claim idle time is an hour).
        graph.StartWorker(services =>
        {
            WithoutReconciliation(services);
            services.Configure<WebhookOptions>(options => (options.ConsumerName, options.ClaimIdleTime) = ("worker-a", TimeSpan.FromHours(1)));
        });
        await graph.WaitForDrainedAsync();

        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((0, Viewers, Viewers), (state.ViewerCount, state.TotalViewers, state.PeakViewerCount));
    }

    [Fact]
    public async Task EntriesTakenOverFromADeadConsumerAreAppliedBeforeNewOnes()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await QueueJoinsPendingWithAsync(graph, "dead-worker");
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);

        graph.StartWorker(services =>
        {
            WithoutReconciliation(services);
            services.Configure<WebhookOptions>(options => options.ClaimIdleTime = TimeSpan.FromMilliseconds(200));
        });
        await graph.WaitForDrainedAsync();

        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((0, Viewers, Viewers), (state.ViewerCount, state.TotalViewers, state.PeakViewerCount));
    }

    [Fact]
    public async Task ATrimDropsOnlyAcknowledgedEntries()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.NewDatabaseConnectionString());
        var db = redis.GetDatabase();
        var self = new WebhookStream(redis, Microsoft.Extensions.Options.Options.Create(new WebhookOptions { ConsumerName = "self" }));
        await self.EnsureGroupAsync();
        var ids = new List<RedisValue>();
        for (var i = 0; i < 350; i++)
        {
            ids.Add(await db.StreamAddAsync(RedisKeys.WebhookStream, "n", i));
        }
        // 200 applied and acknowledged, 50 read by another consumer and still being worked on, 100 not read yet.
        await self.AcknowledgeAsync([.. (await self.ReadNewAsync(200)).Select(entry => entry.Id)]);
        Assert.Equal(50, (await db.StreamReadGroupAsync(RedisKeys.WebhookStream, Group, "other", StreamPosition.NewMessages, 50)).Length);

        await self.TrimAcknowledgedAsync();

        // Stream nodes hold 100 entries here, and only whole nodes are trimmed: the two acknowledged ones go.
        Assert.Equal(ids[200..], (await db.StreamRangeAsync(RedisKeys.WebhookStream)).Select(entry => entry.Id));

        // With nothing pending, everything up to the last delivered entry may go; the 50 never read stay.
        await db.StreamAcknowledgeAsync(RedisKeys.WebhookStream, Group, [.. ids[200..250]]);
        await self.AcknowledgeAsync([.. (await self.ReadNewAsync(50)).Select(entry => entry.Id)]);
        await self.TrimAcknowledgedAsync();

        Assert.Equal(ids[300..], (await db.StreamRangeAsync(RedisKeys.WebhookStream)).Select(entry => entry.Id));
    }

    /// <summary>Queues every viewer's join, has <paramref name="consumer"/> read them without applying them, then queues the leaves.</summary>
    private static async Task<CreatedStream> QueueJoinsPendingWithAsync(WorkerGraph graph, string consumer)
    {
        var stream = await graph.CreateStreamAsync();
        var queue = graph.Redis.GetDatabase();
        async Task QueueAsync(string @event, int viewer) => await queue.StreamAddAsync(RedisKeys.WebhookStream,
            QueueEntry(ParticipantEvent(@event, NewWebhookId(), stream, $"viewer-{viewer}", $"PA_{viewer}"), @event, stream.RoomName));

        await queue.StreamCreateConsumerGroupAsync(RedisKeys.WebhookStream, Group, StreamPosition.Beginning, createStream: true);
        for (var i = 0; i < Viewers; i++)
        {
            await QueueAsync("participant_joined", i);
        }
        // The room's stream may hold room_started from the emulator first; the consumer takes everything queued so far.
        var read = await queue.StreamReadGroupAsync(RedisKeys.WebhookStream, Group, consumer, StreamPosition.NewMessages, 1000);
        Assert.True(read.Length >= Viewers);
        for (var i = 0; i < Viewers; i++)
        {
            await QueueAsync("participant_left", i);
        }
        return stream;
    }
}
