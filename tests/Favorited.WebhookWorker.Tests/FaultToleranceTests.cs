using Favorited.Core.Data;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.Testing;
using Favorited.WebhookWorker.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

public sealed class FaultToleranceTests(TestServers servers)
{
    [Fact]
    public async Task AHandlerFailingTwiceThenSucceedingIsAppliedOnce()
    {
        var handler = new FlakyHandler(failures: 2);
        await using var graph = await WorkerGraph.StartAsync(servers,
            configureWorker: services => services.AddSingleton<IWebhookEventHandler>(handler));
        var id = NewWebhookId();

        await graph.PostWebhookAsync($$"""{"event":"{{FlakyHandler.Event}}","id":"{{id}}","room":{"name":"flaky"} }""");
        await graph.WaitForDrainedAsync();

        Assert.Equal(3, handler.Calls);
        await using var db = graph.CreateDbContext();
        // Each failed attempt wrote its row too, and was rolled back with its webhook_events row.
        Assert.Equal(1, await db.Livestreams.CountAsync(l => l.RoomName.StartsWith("flaky-"), TestContext.Current.CancellationToken));
        Assert.Equal(1, await db.WebhookEvents.CountAsync(e => e.Id == id, TestContext.Current.CancellationToken));
        Assert.Equal(0L, await graph.Redis.GetDatabase().StreamLengthAsync(RedisKeys.WebhookDeadLetters));
    }

    [Fact]
    public async Task AHandlerThatAlwaysFailsEndsInTheDeadLetterStreamWithItsError()
    {
        var handler = new FlakyHandler(failures: int.MaxValue);
        await using var graph = await WorkerGraph.StartAsync(servers,
            configureWorker: services => services.AddSingleton<IWebhookEventHandler>(handler));
        var id = NewWebhookId();

        await graph.PostWebhookAsync($$"""{"event":"{{FlakyHandler.Event}}","id":"{{id}}","room":{"name":"flaky"} }""");
        await graph.WaitForDrainedAsync();

        Assert.Equal(4, handler.Calls); // the first try and three retries
        var dead = Assert.Single(await graph.Redis.GetDatabase().StreamRangeAsync(RedisKeys.WebhookDeadLetters));
        Assert.Equal(id, (string?)dead["id"]);
        Assert.Equal(FlakyHandler.Event, (string?)dead["event"]);
        Assert.Contains("attempt 4 failed on purpose", (string?)dead["error"]);
        await using var db = graph.CreateDbContext();
        Assert.Equal(0, await db.WebhookEvents.CountAsync(e => e.Id == id, TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Livestreams.CountAsync(l => l.RoomName.StartsWith("flaky-"), TestContext.Current.CancellationToken));
    }

    /// <param name="consumerName">
    /// Given, both processes run under it (as an AppHost replica does) and no other consumer may claim anything for an hour:
    /// the second finishes the burst only by resuming what the first left pending. Else each has a name of its own and the
    /// second claims the first's entries after the claim idle time.
    /// </param>
    [Theory]
    [InlineData(null)]
    [InlineData("webhookworker-0")]
    public async Task AWorkerKilledMidBurstLosesNothingAndAppliesNothingTwice(string? consumerName)
    {
        var settings = consumerName is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["Webhooks__ConsumerName"] = consumerName, ["Webhooks__ClaimIdleTime"] = "01:00:00" };
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        const int viewers = 1000;
        var names = Enumerable.Range(0, viewers).Select(i => $"viewer-{i:D4}").ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken };
        // The whole burst waits on the stream before any worker runs, so the kill lands in the middle of it.
        await Parallel.ForEachAsync(names, parallel, async (name, _) => await graph.ConnectAsync(stream, name));
        await Parallel.ForEachAsync(names.Where((_, i) => i % 2 == 1), parallel, async (name, _) => await graph.DisconnectAsync(stream, name));
        const int burst = viewers + viewers / 2;
        var queue = graph.Redis.GetDatabase();
        await Eventually.MatchesAsync(() => queue.StreamLengthAsync(RedisKeys.WebhookStream), length => length == burst + 1, Patience,
            "the burst (and room_started) on the stream", TestContext.Current.CancellationToken);

        await using var db = graph.CreateDbContext();
        using (var first = graph.StartWorkerProcess(settings))
        {
            await Eventually.MatchesAsync(() => db.WebhookEvents.CountAsync(e => e.Event.StartsWith("participant_")),
                applied => applied >= 50 || first.HasExited, Patience, "the first worker to start applying", TestContext.Current.CancellationToken);
            Assert.False(first.HasExited, first.Output);
        } // Killed (SIGKILL) with entries read but not acknowledged.
        var appliedAtKill = await db.WebhookEvents.CountAsync(TestContext.Current.CancellationToken);
        Assert.True(appliedAtKill < burst, "the kill came after the burst was done; make it bigger");

        using var second = graph.StartWorkerProcess(settings);
        await Eventually.MatchesAsync(() => db.WebhookEvents.CountAsync(e => e.Event.StartsWith("participant_")),
            applied => applied == burst || second.HasExited, Patience, "the second worker to finish the burst", TestContext.Current.CancellationToken);
        await graph.WaitForDrainedAsync();

        Assert.False(second.HasExited, second.Output);
        Assert.Equal(burst, await db.WebhookEvents.CountAsync(e => e.Event.StartsWith("participant_"), TestContext.Current.CancellationToken));
        var participants = await graph.ParticipantsAsync(stream.Id);
        Assert.Equal(viewers, participants.Count);
        Assert.Equal(viewers / 2, participants.Count(p => p.Status == ParticipantStatus.Joined));
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((viewers / 2, viewers), (state.ViewerCount, state.TotalViewers));
        Assert.Equal(0L, await queue.StreamLengthAsync(RedisKeys.WebhookDeadLetters));
    }

    /// <summary>Adds a livestream row, then fails on purpose for its first <c>failures</c> calls.</summary>
    private sealed class FlakyHandler(int failures) : IWebhookEventHandler
    {
        public const string Event = "test_flaky";
        private int _calls;

        public int Calls => _calls;
        public string EventType => Event;
        public bool CanBatch => false;

        public async Task ApplyAsync(WebhookContext context, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            context.Db.Livestreams.Add(new Livestream { RoomName = $"flaky-{call}", Title = "flaky", CreatedBy = "test" });
            await context.Db.SaveChangesAsync(cancellationToken);
            if (call <= failures)
            {
                throw new InvalidOperationException($"attempt {call} failed on purpose");
            }
        }

        public Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken cancellationToken) =>
            Task.FromResult<LiveStateChange?>(null);
    }
}
