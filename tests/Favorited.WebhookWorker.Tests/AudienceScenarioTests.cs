using Favorited.Core.Data;
using Favorited.Testing;
using Favorited.Testing.Analytics;
using Favorited.WebhookWorker.Tests.Analytics;
using Favorited.Core.Analytics;
using Favorited.WebhookWorker.Jobs;
using Favorited.WebhookWorker.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Favorited.Testing.Analytics.AudienceScenario;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// The scripted scenario of docs/design/analytics.md §5 through the worker's processing, read back by
/// <see cref="Core.Analytics.AudienceSource"/>: what the recorded sessions say about who watched when.
/// </summary>
public sealed class AudienceScenarioTests(TestServers servers)
{
    [Fact]
    public async Task TheScriptLeavesTheExpectedSpansReturningViewersAndChatCounts()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);
        await ScenarioHistory.SeedAsync(graph, runner.Stream.Id);

        await runner.RunAsync(AudienceScript.Steps.Where(step => step.Number <= 23));
        var atEnd = await runner.ReadAsync();
        await runner.RunAsync(AudienceScript.Steps.Single(step => step.Number == 24));
        var input = await runner.ReadAsync();

        Assert.Equal(MergedSpans.Expected(ExpectedSpans), MergedSpans.Of(input.Spans));
        Assert.Equal(MergedSpans.Of(atEnd.Spans), MergedSpans.Of(input.Spans));
        Assert.Equal((T0, At(EndSecond), false), (input.StartedAt, input.AsOf, input.Live));
        Assert.Equal(Returning.Order(), input.Returning.Order());
        Assert.Equal(ChatMessagesByUser.OrderBy(c => c.Key), input.ChatMessagesByUser.OrderBy(c => c.Key));
        // The stage: E's one session is three spans that touch.
        Assert.Equal([60.0, 120.0, 180.0], input.Spans.Where(s => s.UserId == "E").Select(s => (s.Start - T0).TotalSeconds).Order());
        Assert.Single(input.Spans.Where(s => s.UserId == "E").Select(s => s.SessionId).Distinct());
    }

    [Fact]
    public async Task ALateLeftOfAnEndedStreamCorrectsItsSpanAndMovesTheLiveStateVersion()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);
        await runner.RunAsync(AudienceScript.Steps.Where(step => step.Number <= 23));
        var versionAtEnd = await runner.LiveStateVersionAsync();
        Assert.Contains(("D", ParticipantRole.Viewer, 50.0, 600.0), MergedSpans.Of((await runner.ReadAsync()).Spans));

        // LiveKit says D left at 598, before the room's end was processed at 600.
        var batch = await runner.CommitAsync([ScriptWebhook.Left("late", "D", "PA_D1", 598, joinedAt: 50)]);

        // The snapshot of an ended stream is stale once its version is below the stream's.
        Assert.Single(batch.Changes);
        Assert.Equal(versionAtEnd + 1, await runner.LiveStateVersionAsync());
        Assert.Contains(("D", ParticipantRole.Viewer, 50.0, 598.0), MergedSpans.Of((await runner.ReadAsync()).Spans));
    }

    [Fact]
    public async Task OneWebhookPerCommitAndBatchesGiveTheSameSpans()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var oneByOne = await AudienceScriptRunner.StartAsync(graph);
        var batched = await AudienceScriptRunner.StartAsync(graph);
        Assert.True(AudienceScript.Batched.Count < AudienceScript.Steps.Count);

        await oneByOne.RunAsync(AudienceScript.OneWebhookPerCommit);
        await batched.RunAsync(AudienceScript.Batched);

        Assert.Equal(MergedSpans.Expected(ExpectedSpans), MergedSpans.Of((await oneByOne.ReadAsync()).Spans));
        Assert.Equal(MergedSpans.Expected(ExpectedSpans), MergedSpans.Of((await batched.ReadAsync()).Spans));
    }

    [Fact]
    public async Task ACrashAfterEachCommitAndTheRedeliveryChangeNothing()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);
        runner.RedeliverEachCommit = true;

        await runner.RunAsync(AudienceScript.Steps);

        Assert.Equal(MergedSpans.Expected(ExpectedSpans), MergedSpans.Of((await runner.ReadAsync()).Spans));
    }

    [Fact]
    public async Task ALiveReadEndsTheOpenSessionsAtItsTime()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);
        await runner.RunAsync(AudienceScript.Steps.Where(step => step.Number <= 14));

        var live = await runner.ReadAsync(At(330));

        Assert.Equal((T0, At(330), true), (live.StartedAt, live.AsOf, live.Live));
        Assert.Equal(MergedSpans.Expected(
            [
                ("A", ParticipantRole.Viewer, 10, 130),
                ("B", ParticipantRole.Viewer, 20, 200),
                ("B", ParticipantRole.Viewer, 230, 330),
                ("C", ParticipantRole.Viewer, 30, 100),
                ("D", ParticipantRole.Viewer, 50, 330),
                ("E", ParticipantRole.Viewer, 60, 120),
                ("E", ParticipantRole.Host, 120, 180),
                ("E", ParticipantRole.Viewer, 180, 330),
                ("F", ParticipantRole.Viewer, 300, 330),
                ("H", ParticipantRole.Host, 0, 330),
            ]), MergedSpans.Of(live.Spans));
    }

    [Fact]
    public async Task ReconciliationEndsALostLeftAtItsClockAndTheLateWebhookCorrectsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await WorkerGraph.StartAsync(servers);
        var stream = await graph.CreateStreamAsync(createdBy: Creator);
        await using (var db = graph.CreateDbContext())
        {
            await db.Livestreams.Where(l => l.Id == stream.Id).ExecuteUpdateAsync(l => l.SetProperty(x => x.StartedAt, T0), ct);
        }
        await CommitAsync(graph, stream, ScriptWebhook.Join("r1", "A", "PA_A1", 10));

        // LiveKit has no A (the emulator never saw them) and A's participant_left is late: reconciliation ends the session.
        await RunReconciliationAsync(graph);
        var reconciled = Assert.Single(await graph.ParticipantsAsync(stream.Id));
        Assert.Equal((ParticipantStatus.Left, null), (reconciled.Status, reconciled.DisconnectedAt));
        var span = Assert.Single((await ReadLiveAsync(graph, stream)).Spans);
        Assert.Equal((At(10), reconciled.LeftAt!.Value), (span.Start, span.End));

        await CommitAsync(graph, stream, ScriptWebhook.Left("r2", "A", "PA_A1", 130, joinedAt: 10));

        span = Assert.Single((await ReadLiveAsync(graph, stream)).Spans);
        Assert.Equal((At(10), At(130)), (span.Start, span.End));
    }

    private static async Task CommitAsync(WorkerGraph graph, CreatedStream stream, ScriptWebhook webhook)
    {
        await using var scope = graph.Worker!.Services.CreateAsyncScope();
        var batch = await scope.ServiceProvider.GetRequiredService<WebhookProcessor>()
            .CommitAsync([webhook.Received(stream)], TestContext.Current.CancellationToken);
        Assert.Equal([WebhookOutcome.Applied], batch.Outcomes);
    }

    private static async Task<AudienceInput> ReadLiveAsync(WorkerGraph graph, CreatedStream stream)
    {
        await using var db = graph.CreateDbContext();
        var livestream = await db.Livestreams.AsNoTracking().SingleAsync(l => l.Id == stream.Id, TestContext.Current.CancellationToken);
        return await AudienceSource.ReadAsync(db, livestream, DateTime.UtcNow, TestContext.Current.CancellationToken);
    }

    private static async Task RunReconciliationAsync(WorkerGraph graph)
    {
        var job = graph.Worker!.Services.GetServices<IHostedService>().OfType<ReconciliationJob>().Single();
        // The run at start may still hold the lease.
        await Eventually.MatchesAsync(() => job.TryRunAsync(TestContext.Current.CancellationToken), ran => ran,
            WorkerGraphExtensions.Patience, "the reconciliation job to run");
    }
}
