using Favorited.Core.Data;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// A lane applies the participant webhooks waiting for it in one transaction. These burst tests queue everything before
/// the worker starts, so that it finds the webhooks waiting and batches them, and check that order and exactly-once hold.
/// </summary>
public sealed class BatchProcessingTests(TestServers servers)
{
    private const int Viewers = 60;

    [Fact]
    public async Task AQueuedBurstIsAppliedInBatchesInStreamOrderAndExactlyOnce()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var first = await graph.CreateStreamAsync();
        var second = await graph.CreateStreamAsync();
        var entries = new List<NameValueEntry[]>();
        void Queue(CreatedStream stream, string @event, string identity, string sid, string? id = null) =>
            entries.Add(QueueEntry(ParticipantEvent(@event, id ?? NewWebhookId(), stream, identity, sid), @event, stream.RoomName, id));

        // Both rooms' viewers join, taking turns; in the first room one of them leaves and comes back under a new sid
        // (a session that left and a new JOINED one for the same user, in one transaction); then every other viewer leaves.
        for (var i = 0; i < Viewers; i++)
        {
            Queue(first, "participant_joined", $"viewer-{i}", $"PA_first{i}");
            Queue(second, "participant_joined", $"viewer-{i}", $"PA_second{i}");
        }
        Queue(first, "participant_joined", "returning", "PA_returning1");
        Queue(first, "participant_left", "returning", "PA_returning1");
        Queue(first, "participant_joined", "returning", "PA_returning2");
        for (var i = 0; i < Viewers; i++)
        {
            Queue(first, "participant_left", $"viewer-{i}", $"PA_first{i}");
            Queue(second, "participant_left", $"viewer-{i}", $"PA_second{i}");
        }
        // Copies of ten entries (a redelivery), some inside the same batch as their original.
        entries.AddRange(entries.Where((_, i) => i % 25 == 0).ToList());
        var ids = entries.Select(e => (string)e.Single(f => f.Name == "id").Value!).Distinct().ToList();

        var queue = graph.Redis.GetDatabase();
        foreach (var entry in entries)
        {
            await queue.StreamAddAsync(RedisKeys.WebhookStream, entry);
        }
        graph.StartWorker(WithoutReconciliation);
        await graph.WaitForDrainedAsync();
        await AssertExactAsync(graph, first, second, ids);

        await using (var db = graph.CreateDbContext())
        {
            // One transaction, one time: fewer distinct times than webhooks means webhooks shared transactions.
            var times = await db.WebhookEvents.Where(e => ids.Contains(e.Id)).Select(e => e.ProcessedAt).Distinct()
                .CountAsync(TestContext.Current.CancellationToken);
            Assert.True(times < ids.Count / 2, $"{ids.Count} webhooks were applied at {times} distinct times: hardly batched");
        }

        // The whole burst delivered again, as after a crash between commit and acknowledgement: nothing changes.
        foreach (var entry in entries)
        {
            await queue.StreamAddAsync(RedisKeys.WebhookStream, entry);
        }
        await graph.WaitForDrainedAsync();
        await AssertExactAsync(graph, first, second, ids);
        Assert.Equal(0L, await queue.StreamLengthAsync(RedisKeys.WebhookDeadLetters));
    }

    [Fact]
    public async Task AnUnreadableWebhookInABatchIsDeadLetteredAndTheRestAreAppliedOnce()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        var queue = graph.Redis.GetDatabase();
        for (var i = 0; i < Viewers; i++)
        {
            var @event = ParticipantEvent("participant_joined", NewWebhookId(), stream, $"viewer-{i}", $"PA_{i}");
            await queue.StreamAddAsync(RedisKeys.WebhookStream, QueueEntry(@event, "participant_joined", stream.RoomName));
            if (i == Viewers / 2)
            {
                await queue.StreamAddAsync(RedisKeys.WebhookStream, QueueEntry("{not json", "participant_joined", stream.RoomName, "EV_unreadable"));
            }
        }

        graph.StartWorker(WithoutReconciliation);
        await graph.WaitForDrainedAsync();

        var dead = Assert.Single(await queue.StreamRangeAsync(RedisKeys.WebhookDeadLetters));
        Assert.Equal("EV_unreadable", (string?)dead["id"]);
        await using var db = graph.CreateDbContext();
        Assert.Equal(Viewers, await db.WebhookEvents.CountAsync(e => e.Event == "participant_joined", TestContext.Current.CancellationToken));
        var participants = await graph.ParticipantsAsync(stream.Id);
        Assert.Equal(Viewers, participants.Count(p => p.Status == ParticipantStatus.Joined));
        Assert.Equal(Viewers, (await graph.StateAsync(stream.Id)).ViewerCount);
    }

    private static async Task AssertExactAsync(WorkerGraph graph, CreatedStream first, CreatedStream second, List<string> ids)
    {
        await using var db = graph.CreateDbContext();
        Assert.Equal(ids.Count, await db.WebhookEvents.CountAsync(e => ids.Contains(e.Id), TestContext.Current.CancellationToken));

        var firstSessions = await graph.ParticipantsAsync(first.Id);
        Assert.Equal(Viewers + 2, firstSessions.Count);
        Assert.All(firstSessions.Where(p => p.UserId.StartsWith("viewer-")), p => Assert.Equal(ParticipantStatus.Left, p.Status));
        Assert.Equal(
            [("PA_returning1", ParticipantStatus.Left), ("PA_returning2", ParticipantStatus.Joined)],
            firstSessions.Where(p => p.UserId == "returning").OrderBy(p => p.LivekitParticipantSid).Select(p => (p.LivekitParticipantSid, p.Status)));
        var secondSessions = await graph.ParticipantsAsync(second.Id);
        Assert.Equal(Viewers, secondSessions.Count);
        Assert.All(secondSessions, p => Assert.Equal(ParticipantStatus.Left, p.Status));

        // Everyone joined before anyone left: that is what the peak and the total remember, so the order held.
        var firstState = await graph.StateAsync(first.Id);
        Assert.Equal((1, Viewers + 1, Viewers + 1), (firstState.ViewerCount, firstState.TotalViewers, firstState.PeakViewerCount));
        Assert.Equal(["returning"], firstState.Participants);
        var secondState = await graph.StateAsync(second.Id);
        Assert.Equal((0, Viewers, Viewers), (secondState.ViewerCount, secondState.TotalViewers, secondState.PeakViewerCount));
    }
}
