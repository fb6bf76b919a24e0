using Favorited.Core.Data;
using Favorited.Testing;
using Favorited.WebhookWorker.Tests.Analytics;
using static Favorited.Testing.Analytics.AudienceScenario;
using static Favorited.WebhookWorker.Tests.Analytics.ScriptWebhook;

namespace Favorited.WebhookWorker.Tests;

/// <summary>Sessions keep LiveKit's times (connected_at, disconnected_at) whatever order its reports come in.</summary>
public sealed class SessionTimesTests(TestServers servers)
{
    [Fact]
    public async Task AConnectReportedAfterTheOneThatEvictedItEndsWhenTheNextConnectedAndItsLateLeftChangesNothing()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);

        await runner.CommitAsync([Join("e1", "F", "PA_F2", 420)]);
        await runner.CommitAsync([Join("e2", "F", "PA_F1", 300)]);
        var evicted = await SessionTimesAsync(graph, runner);
        await runner.CommitAsync([Left("e3", "F", "PA_F1", 425, joinedAt: 300)]);

        Assert.Equal(
            [(ParticipantStatus.Left, (DateTime?)At(300), (DateTime?)At(420)), (ParticipantStatus.Joined, At(420), null)], evicted);
        Assert.Equal(evicted, await SessionTimesAsync(graph, runner));
        var spans = MergedSpans.Of((await runner.ReadAsync(At(500))).Spans);
        // Two connections, one after the other: they touch, so they stay two intervals.
        Assert.Equal([("F", ParticipantRole.Viewer, 300.0, 420.0), ("F", ParticipantRole.Viewer, 420.0, 500.0)], spans);
    }

    [Fact]
    public async Task AReconnectProcessedBeforeTheEarlierConnectionsLeftDoesNotCountTheTimeAway()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);

        // A drops at 100 and reconnects at 160; the reconnect is processed before the drop.
        await runner.RunAsync(new Deliver(1, 10, Join("r1", "A", "PA_A1", 10)));
        await runner.RunAsync(new Deliver(2, 165, Join("r2", "A", "PA_A2", 160)));
        await runner.RunAsync(new Deliver(3, 170, Left("r3", "A", "PA_A1", 100, joinedAt: 10)));

        var spans = MergedSpans.Of((await runner.ReadAsync(At(300))).Spans);
        Assert.Equal([("A", ParticipantRole.Viewer, 10.0, 100.0), ("A", ParticipantRole.Viewer, 160.0, 300.0)], spans);
        Assert.Equal(
            [(ParticipantStatus.Left, (DateTime?)At(10), (DateTime?)At(100)), (ParticipantStatus.Joined, At(160), null)],
            await SessionTimesAsync(graph, runner));
    }

    [Fact]
    public async Task AConnectionShorterThanASecondEndsWithinTheSecondItsLeaveWasReportedIn()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);

        // Connected at 10.7 s; LiveKit reports the leave with createdAt 10 (whole seconds).
        await runner.RunAsync(new Deliver(1, 11, new ScriptWebhook("b1", "participant_joined", 10, "A", "PA_A1", 10, 700)));
        await runner.RunAsync(new Deliver(2, 12, new ScriptWebhook("b2", "participant_left", 10, "A", "PA_A1", 10, 700)));

        var spans = MergedSpans.Of((await runner.ReadAsync(At(60))).Spans);
        Assert.Equal([("A", ParticipantRole.Viewer, 10.7, 11.0)], spans);
    }

    [Fact]
    public async Task ALeftReportedLaterThanTheServerEndedTheSessionIsClampedToThatEnd()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);
        await runner.RunAsync(new Deliver(1, 10, Join("c1", "A", "PA_A1", 10)));
        await runner.RunAsync(new Ban(2, 40, "A"));

        // LiveKit's clock runs ahead of the server's: its leave says 45, the ban ended the session at 40.
        await runner.RunAsync(new Deliver(3, 41, Left("c2", "A", "PA_A1", 45, joinedAt: 10)));

        var session = Assert.Single(await graph.ParticipantsAsync(runner.Stream.Id));
        Assert.Equal((At(40), At(40)), (session.LeftAt, session.DisconnectedAt));
    }

    private static async Task<List<(ParticipantStatus Status, DateTime? ConnectedAt, DateTime? DisconnectedAt)>> SessionTimesAsync(
        WorkerGraph graph, AudienceScriptRunner runner) =>
        [.. (await graph.ParticipantsAsync(runner.Stream.Id)).OrderBy(p => p.ConnectedAt).Select(p => (p.Status, p.ConnectedAt, p.DisconnectedAt))];
}
