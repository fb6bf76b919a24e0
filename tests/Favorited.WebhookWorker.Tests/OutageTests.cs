using Favorited.Core.Data;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// Postgres or Redis away for longer than any retry budget: what the Api accepted is applied once they are back, exactly
/// once, and nothing is dead-lettered. These tests stop or restrict servers of their own, never the shared ones.
/// </summary>
public sealed class OutageTests(TestServers servers)
{
    private const int Viewers = 20;

    [Fact]
    public async Task WebhooksAcceptedWhilePostgresIsDownAreAppliedOnceWhenItIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = new TestServers();
        await own.InitializeAsync();
        var (graph, stream, ids) = await AcceptWhilePostgresIsDownAsync(own);
        await using var _ = graph;
        // The worker has read them and keeps failing, well past the old budget.
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        Assert.Equal(ids.Count, await PendingAsync(graph));

        await own.Postgres.RestartAsync(ct);
        await graph.WaitForDrainedAsync();

        await AssertAppliedOnceAsync(graph, stream, ids);
    }

    [Fact]
    public async Task AWorkerStoppedDuringAnOutageLeavesItsEntriesPendingForItsNextStart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = new TestServers();
        await own.InitializeAsync();
        var (graph, stream, ids) = await AcceptWhilePostgresIsDownAsync(own);
        await using var _ = graph;
        await graph.Worker!.DisposeAsync();
        Assert.Equal(ids.Count, await PendingAsync(graph));
        Assert.Equal(0L, await graph.Redis.GetDatabase().StreamLengthAsync(RedisKeys.WebhookDeadLetters));

        // Same process, so the same consumer name: the new worker reads what the old one left, no claim needed.
        await own.Postgres.RestartAsync(ct);
        graph.StartWorker(services =>
        {
            WithFastOutageRetries(services);
            services.Configure<WebhookOptions>(options => options.ClaimIdleTime = TimeSpan.FromHours(1));
        });
        await graph.WaitForDrainedAsync();

        await AssertAppliedOnceAsync(graph, stream, ids);
    }

    // One attempt (with EF Core's own retries, about two seconds) used to be all an entry got before the dead-letter stream;
    // retries of an outage now wait at most 200 ms here.
    private static void WithFastOutageRetries(IServiceCollection services)
    {
        WithoutReconciliation(services);
        services.Configure<WebhookOptions>(options => (options.MaxRetries, options.MaxRetryDelay) = (0, TimeSpan.FromMilliseconds(200)));
    }

    /// <summary>A graph on the test's own servers whose Postgres stops once a stream is live; then viewers join and leave.</summary>
    private static async Task<(WorkerGraph Graph, CreatedStream Stream, List<string> Ids)> AcceptWhilePostgresIsDownAsync(TestServers own)
    {
        var graph = await WorkerGraph.StartAsync(own, configureWorker: WithFastOutageRetries);
        try
        {
            var stream = await graph.CreateStreamAsync();
            await graph.WaitForRoomStartedAsync();
            await own.Postgres.StopAsync();
            return (graph, stream, await SendJoinsThenLeavesAsync(graph, stream));
        }
        catch
        {
            await graph.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every viewer joins, then every other one leaves, through the Api; returns the webhook ids once the worker read them all.</summary>
    private static async Task<List<string>> SendJoinsThenLeavesAsync(WorkerGraph graph, CreatedStream stream)
    {
        var ids = new List<string>();
        async Task SendAsync(string @event, int viewer)
        {
            var id = NewWebhookId();
            Assert.Equal("Webhook queued for processing",
                await graph.PostWebhookAsync(ParticipantEvent(@event, id, stream, $"viewer-{viewer}", $"PA_{viewer}")));
            ids.Add(id);
        }
        for (var i = 0; i < Viewers; i++)
        {
            await SendAsync("participant_joined", i);
        }
        for (var i = 1; i < Viewers; i += 2)
        {
            await SendAsync("participant_left", i);
        }
        var queue = graph.Redis.GetDatabase();
        await Eventually.MatchesAsync(async () => (await queue.StreamGroupInfoAsync(RedisKeys.WebhookStream)).Single().Lag,
            lag => lag == 0, Patience, "the worker to read every webhook", TestContext.Current.CancellationToken);
        return ids;
    }

    private static async Task<long> PendingAsync(WorkerGraph graph) =>
        (await graph.Redis.GetDatabase().StreamPendingAsync(RedisKeys.WebhookStream, "webhook-workers")).PendingMessageCount;

    private static async Task AssertAppliedOnceAsync(WorkerGraph graph, CreatedStream stream, List<string> ids)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0L, await graph.Redis.GetDatabase().StreamLengthAsync(RedisKeys.WebhookDeadLetters));
        // Outside the test's pool, which still holds connections the restart ended.
        var unpooled = new NpgsqlConnectionStringBuilder(graph.DatabaseConnectionString) { Pooling = false }.ConnectionString;
        await using var db = TestServers.CreateDbContext(unpooled);
        Assert.Equal(ids.Count, await db.WebhookEvents.CountAsync(e => ids.Contains(e.Id), ct));
        var participants = await db.Participants.Where(p => p.LivestreamId == stream.Id).ToListAsync(ct);
        Assert.Equal(Viewers, participants.Count);
        Assert.Equal(Viewers / 2, participants.Count(p => p.Status == ParticipantStatus.Joined));
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((Viewers / 2, Viewers, Viewers), (state.ViewerCount, state.TotalViewers, state.PeakViewerCount));
    }

    [Fact]
    public async Task ABatchCommittedWhileRedisRefusesItsLiveStateEndsWithExactCounts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation, redis: redis);
        var stream = await graph.CreateStreamAsync();
        await graph.WaitForRoomStartedAsync();
        // Everyone joins, then every other viewer leaves: the peak is the whole crowd, which only the path shows.
        var ids = new List<string>();
        var entries = new List<NameValueEntry[]>();
        void Queue(string @event, int viewer)
        {
            var id = NewWebhookId();
            entries.Add(QueueEntry(ParticipantEvent(@event, id, stream, $"viewer-{viewer}", $"PA_{viewer}"), @event, stream.RoomName));
            ids.Add(id);
        }
        for (var i = 0; i < Viewers; i++)
        {
            Queue("participant_joined", i);
        }
        for (var i = 1; i < Viewers; i += 2)
        {
            Queue("participant_left", i);
        }

        // Live-state changes are Lua scripts: with scripting refused, the batch commits to Postgres and then fails.
        var server = graph.Redis.GetServer(graph.Redis.GetEndPoints().Single());
        await server.ExecuteAsync("ACL", "SETUSER", "default", "-@scripting");
        var queue = graph.Redis.GetDatabase();
        var append = queue.CreateTransaction(); // all at once, so that the worker reads them together
        foreach (var entry in entries)
        {
            _ = append.StreamAddAsync(RedisKeys.WebhookStream, entry);
        }
        await append.ExecuteAsync();
        await using (var db = graph.CreateDbContext())
        {
            // Usually all of them commit as one batch; the lane may also have started on the first ones before the rest
            // reached it, and then those wait behind the batch that keeps retrying its live state.
            await Eventually.MatchesAsync(() => db.WebhookEvents.CountAsync(e => ids.Contains(e.Id)), committed => committed > 0,
                Patience, "a batch to commit", ct);
        }
        await Task.Delay(TimeSpan.FromSeconds(1), ct); // a few retries, longer than the old budget
        var before = await graph.StateAsync(stream.Id);
        Assert.Equal((0, 0, 0), (before.ViewerCount, before.TotalViewers, before.PeakViewerCount));

        await server.ExecuteAsync("ACL", "SETUSER", "default", "+@all");
        await graph.WaitForDrainedAsync();

        Assert.Equal(0L, await queue.StreamLengthAsync(RedisKeys.WebhookDeadLetters));
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((Viewers / 2, Viewers, Viewers), (state.ViewerCount, state.TotalViewers, state.PeakViewerCount));
    }
}
