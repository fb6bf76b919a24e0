using Favorited.Core.Data;
using Favorited.Testing;
using Favorited.WebhookWorker.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

public sealed class ReconciliationTests(TestServers servers)
{
    [Fact]
    public async Task AStreamWhoseRoomVanishedEnds()
    {
        await using var graph = await WorkerGraph.StartAsync(servers);
        var stream = await graph.CreateStreamAsync();
        await graph.ConnectAsync(stream, "viewer-1");
        await Eventually.MatchesAsync(() => graph.StateAsync(stream.Id), s => s.ViewerCount == 1, Patience, "the viewer", TestContext.Current.CancellationToken);

        // Gone without a room_finished webhook (lost, or LiveKit restarted).
        lock (graph.LiveKit.Rooms.Sync)
        {
            graph.LiveKit.Rooms.Remove(stream.RoomName);
        }
        await RunReconciliationAsync(graph);

        await using var db = graph.CreateDbContext();
        var ended = await db.Livestreams.SingleAsync(l => l.Id == stream.Id, TestContext.Current.CancellationToken);
        Assert.Equal(LivestreamStatus.Ended, ended.Status);
        Assert.NotNull(ended.EndedAt);
        Assert.All(await graph.ParticipantsAsync(stream.Id), p => Assert.Equal(ParticipantStatus.Left, p.Status));
        Assert.Equal(LivestreamStatus.Ended, (await graph.StateAsync(stream.Id)).Status);
    }

    [Fact]
    public async Task AWrongConnectedSetIsCorrectedFromLiveKit()
    {
        await using var graph = await WorkerGraph.StartAsync(servers);
        var stream = await graph.CreateStreamAsync();
        foreach (var viewer in new[] { "viewer-1", "viewer-2", "viewer-3" })
        {
            await graph.ConnectAsync(stream, viewer);
        }
        await Eventually.MatchesAsync(() => graph.StateAsync(stream.Id), s => s.ViewerCount == 3, Patience, "three viewers", TestContext.Current.CancellationToken);

        // Missed webhooks: a ghost counted, a real viewer not counted, a left participant still JOINED in
        // Postgres, and a connect LiveKit never reported.
        await graph.LiveState.ParticipantConnectedAsync(stream.Id, "ghost", ParticipantRole.Viewer);
        await graph.LiveState.ParticipantDisconnectedAsync(stream.Id, "viewer-2");
        await using (var db = graph.CreateDbContext())
        {
            db.Participants.Add(new Participant
            {
                LivestreamId = stream.Id, UserId = "gone", DisplayName = "Gone", LivekitParticipantSid = "PA_gone",
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        lock (graph.LiveKit.Rooms.Sync)
        {
            var room = graph.LiveKit.Rooms.Find(stream.RoomName)!;
            room.Participants["viewer-4"] = graph.LiveKit.Rooms.NewParticipant("viewer-4", "Viewer Four", "", canPublish: false);
        }
        await RunReconciliationAsync(graph);

        var state = await graph.StateAsync(stream.Id);
        Assert.Equal(["viewer-1", "viewer-2", "viewer-3", "viewer-4"], state.Participants);
        Assert.Equal(4, state.ViewerCount);
        var participants = await graph.ParticipantsAsync(stream.Id);
        Assert.Equal(["viewer-1", "viewer-2", "viewer-3", "viewer-4"],
            participants.Where(p => p.Status == ParticipantStatus.Joined).Select(p => p.UserId));
        Assert.Equal(ParticipantStatus.Left, participants.Single(p => p.UserId == "gone").Status);
        Assert.Equal("Viewer Four", participants.Single(p => p.UserId == "viewer-4").DisplayName);
    }

    [Fact]
    public async Task AStreamStuckScheduledBecomesError()
    {
        await using var graph = await WorkerGraph.StartAsync(servers);
        await using var db = graph.CreateDbContext();
        var stuck = new Livestream { RoomName = "stuck-room", Title = "Stuck", CreatedBy = "host-1" };
        db.Livestreams.Add(stuck);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await db.Livestreams.Where(l => l.Id == stuck.Id)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.CreatedAt, DateTime.UtcNow.AddMinutes(-10)), TestContext.Current.CancellationToken);

        await RunReconciliationAsync(graph);

        Assert.Equal(LivestreamStatus.Error,
            await db.Livestreams.AsNoTracking().Where(l => l.Id == stuck.Id).Select(l => l.Status).SingleAsync(TestContext.Current.CancellationToken));
    }

    private static async Task RunReconciliationAsync(WorkerGraph graph)
    {
        var job = graph.Worker!.Services.GetServices<IHostedService>().OfType<ReconciliationJob>().Single();
        // The run at start may still hold the lease.
        await Eventually.MatchesAsync(() => job.TryRunAsync(TestContext.Current.CancellationToken), ran => ran, Patience,
            "the reconciliation job to run");
    }
}
