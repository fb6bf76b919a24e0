using System.Net.Http.Json;
using Favorited.Core.Data;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <remarks>
/// The worker runs without reconciliation: these tests report participants the emulator never saw connect, whom the job's
/// round at start would correct if it ran after them (it did, on a loaded machine).
/// </remarks>
public sealed class WebhookProcessingTests(TestServers servers)
{
    [Fact]
    public async Task AConnectThroughLiveKitBindsTheJoinedSessionAndCountsTheViewer()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));

        await graph.ConnectAsync(stream, "viewer-1");

        var participant = await Eventually.MatchesAsync(async () => (await graph.ParticipantsAsync(stream.Id)).Single(),
            p => p.LivekitParticipantSid is not null, Patience, "the session to be bound", TestContext.Current.CancellationToken);
        Assert.Equal(ParticipantStatus.Joined, participant.Status);
        Assert.Equal(stream.RoomSid, participant.LivekitRoomSid);
        Assert.Equal("Viewer One", participant.DisplayName);
        var state = await Eventually.MatchesAsync(() => graph.StateAsync(stream.Id), s => s.ViewerCount == 1, Patience, "the viewer count", TestContext.Current.CancellationToken);
        Assert.Equal(["viewer-1"], state.Participants);
        Assert.Equal(1, state.TotalViewers);
        Assert.Equal(1, state.PeakViewerCount);
    }

    [Fact]
    public async Task TheSameWebhookFiveTimesHasOneEffect()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        var id = NewWebhookId();
        var joined = ParticipantEvent("participant_joined", id, stream, "viewer-1", "PA_one");

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await graph.PostWebhookAsync(joined));
        }
        // A crashed worker's redelivery bypasses the receiver's dedupe: the same id straight onto the stream.
        var queue = graph.Redis.GetDatabase();
        for (var i = 0; i < 5; i++)
        {
            await queue.StreamAddAsync(RedisKeys.WebhookStream,
                [new("id", id), new("event", "participant_joined"), new("room", stream.RoomName), new("body", joined)]);
        }
        await graph.WaitForDrainedAsync();

        Assert.Equal(["Webhook queued for processing", .. Enumerable.Repeat("Webhook already received", 4)], answers);
        await using var db = graph.CreateDbContext();
        Assert.Equal(1, await db.WebhookEvents.CountAsync(e => e.Id == id, TestContext.Current.CancellationToken));
        var participant = Assert.Single(await graph.ParticipantsAsync(stream.Id));
        Assert.Equal(("viewer-1", ParticipantStatus.Joined, "PA_one"), (participant.UserId, participant.Status, participant.LivekitParticipantSid));
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((1, 1, 1), (state.ViewerCount, state.TotalViewers, state.PeakViewerCount));
    }

    [Fact]
    public async Task AThousandWebhooksAreAllAppliedAndTheCountsAreExact()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        var viewers = Enumerable.Range(0, 700).Select(i => $"viewer-{i:D4}").ToList();
        var leaving = viewers.Take(300).ToList();

        await Parallel.ForEachAsync(viewers, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (viewer, _) => await graph.ConnectAsync(stream, viewer));
        await Parallel.ForEachAsync(leaving, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (viewer, _) => await graph.DisconnectAsync(stream, viewer));

        await using var db = graph.CreateDbContext();
        await Eventually.MatchesAsync(() => db.WebhookEvents.CountAsync(e => e.Event.StartsWith("participant_")),
            count => count == 1000, Patience, "1,000 participant webhooks applied", TestContext.Current.CancellationToken);
        await graph.WaitForDrainedAsync();
        var participants = await graph.ParticipantsAsync(stream.Id);
        Assert.Equal(700, participants.Count);
        Assert.Equal(400, participants.Count(p => p.Status == ParticipantStatus.Joined));
        Assert.Equal(leaving.Order(), participants.Where(p => p.Status == ParticipantStatus.Left).Select(p => p.UserId).Order());
        Assert.All(participants, p => Assert.NotNull(p.LivekitParticipantSid));
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal(400, state.ViewerCount);
        Assert.Equal(700, state.TotalViewers);
        Assert.Equal(viewers.Except(leaving).Order(StringComparer.Ordinal), state.Participants);
    }

    [Fact]
    public async Task ALeftThatArrivesBeforeItsJoinedLeavesTheSessionLeft()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));

        // One who called join, and one who connected without it; each reported left, then joined.
        await graph.PostWebhookAsync(ParticipantEvent("participant_left", NewWebhookId(), stream, "viewer-1", "PA_a"));
        await graph.PostWebhookAsync(ParticipantEvent("participant_left", NewWebhookId(), stream, "viewer-2", "PA_b"));
        await graph.PostWebhookAsync(ParticipantEvent("participant_joined", NewWebhookId(), stream, "viewer-1", "PA_a"));
        await graph.PostWebhookAsync(ParticipantEvent("participant_joined", NewWebhookId(), stream, "viewer-2", "PA_b"));
        await graph.WaitForDrainedAsync();

        var participants = await graph.ParticipantsAsync(stream.Id);
        Assert.Equal(
            [("viewer-1", ParticipantStatus.Left, "PA_a"), ("viewer-2", ParticipantStatus.Left, "PA_b")],
            participants.Select(p => (p.UserId, p.Status, p.LivekitParticipantSid)));
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal(0, state.ViewerCount);
        Assert.Empty(state.Participants);
        // Both did connect, however briefly: they are among the viewers ever seen.
        Assert.Equal(2, state.TotalViewers);

        // The one who called join can join again: nothing was stranded.
        Assert.Equal(System.Net.HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));
    }

    [Fact]
    public async Task ALateConnectOfAReplacedParticipantDoesNotTakeTheSessionFromItsSuccessor()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));
        var firstConnect = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var secondConnect = firstConnect + 1_500;

        // The viewer connected as PA_old, then again as PA_new (a reload: LiveKit evicts PA_old for the same identity); the
        // report of the first connect comes last, then the first connection's leave.
        await graph.PostWebhookAsync(ParticipantEvent("participant_joined", NewWebhookId(), stream, "viewer-1", "PA_new", secondConnect));
        await graph.PostWebhookAsync(ParticipantEvent("participant_joined", NewWebhookId(), stream, "viewer-1", "PA_old", firstConnect));
        await graph.PostWebhookAsync(ParticipantEvent("participant_left", NewWebhookId(), stream, "viewer-1", "PA_old", firstConnect));
        await graph.WaitForDrainedAsync();

        var sessions = (await graph.ParticipantsAsync(stream.Id)).OrderBy(p => p.LivekitJoinedAt).ToList();
        Assert.Equal([("PA_old", ParticipantStatus.Left), ("PA_new", ParticipantStatus.Joined)],
            sessions.Select(p => (p.LivekitParticipantSid, p.Status)));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(secondConnect).UtcDateTime, sessions[0].LeftAt);
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((1, 1, 1), (state.ViewerCount, state.TotalViewers, state.PeakViewerCount));
        Assert.Equal(["viewer-1"], state.Participants);

        // The session follows PA_new to its end.
        await graph.PostWebhookAsync(ParticipantEvent("participant_left", NewWebhookId(), stream, "viewer-1", "PA_new", secondConnect));
        await graph.WaitForDrainedAsync();
        Assert.All(await graph.ParticipantsAsync(stream.Id), p => Assert.Equal(ParticipantStatus.Left, p.Status));
        Assert.Equal(0, (await graph.StateAsync(stream.Id)).ViewerCount);
    }

    [Fact]
    public async Task RoomFinishedEndsTheStreamAndEverySession()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        await graph.ConnectAsync(stream, "viewer-1");
        await graph.ConnectAsync(stream, "host-1", ParticipantRole.Host);
        await Eventually.MatchesAsync(() => graph.StateAsync(stream.Id), s => s.Participants.Count == 2, Patience, "two connected", TestContext.Current.CancellationToken);

        // Deleting the room in LiveKit (not through the Api) is what an empty-timeout close looks like.
        using (var http = new HttpClient())
        {
            var token = graph.Tokens.CreateApiToken(new Favorited.Core.LiveKit.VideoGrant { RoomCreate = true });
            using var delete = new HttpRequestMessage(HttpMethod.Post, $"{graph.LiveKit.Url}/twirp/livekit.RoomService/DeleteRoom")
            {
                Content = JsonContent.Create(new { room = stream.RoomName }),
            };
            delete.Headers.Authorization = new("Bearer", token);
            (await http.SendAsync(delete, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        await using var db = graph.CreateDbContext();
        var ended = await Eventually.MatchesAsync(() => db.Livestreams.AsNoTracking().SingleAsync(l => l.Id == stream.Id),
            l => l.Status == LivestreamStatus.Ended, Patience, "the stream to end", TestContext.Current.CancellationToken);
        Assert.NotNull(ended.EndedAt);
        Assert.All(await graph.ParticipantsAsync(stream.Id), p => Assert.Equal(ParticipantStatus.Left, p.Status));
        // Live state is set right after the commit, so it may trail the row by a moment.
        await Eventually.MatchesAsync(() => graph.StateAsync(stream.Id), s => s.Status == LivestreamStatus.Ended, Patience,
            "the live state to say ended", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ARoomFinishedOfAnOlderRoomWithTheSameNameDoesNotEndTheNewStream()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();

        await graph.PostWebhookAsync($$"""
            {"event":"room_finished","id":"{{NewWebhookId()}}","room":{"sid":"RM_older","name":"{{stream.RoomName}}"} }
            """);
        await graph.WaitForDrainedAsync();

        await using var db = graph.CreateDbContext();
        Assert.Equal(LivestreamStatus.Live, (await db.Livestreams.SingleAsync(l => l.Id == stream.Id, TestContext.Current.CancellationToken)).Status);
        Assert.Equal(LivestreamStatus.Live, (await graph.StateAsync(stream.Id)).Status);
    }

    [Fact]
    public async Task OtherEventsAreRecordedAndIgnored()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        var id = NewWebhookId();

        await graph.PostWebhookAsync($$"""
            {"event":"track_published","id":"{{id}}","room":{"sid":"{{stream.RoomSid}}","name":"{{stream.RoomName}}"} }
            """);
        await graph.WaitForDrainedAsync();

        await using var db = graph.CreateDbContext();
        Assert.Equal("track_published", (await db.WebhookEvents.SingleAsync(e => e.Id == id, TestContext.Current.CancellationToken)).Event);
        Assert.Equal(0L, await graph.Redis.GetDatabase().StreamLengthAsync(RedisKeys.WebhookDeadLetters));
    }
}
