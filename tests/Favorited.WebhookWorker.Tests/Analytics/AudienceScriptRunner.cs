using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Favorited.Core.Moderation;
using Favorited.Core.Stage;
using Favorited.Testing.Analytics;
using Favorited.WebhookWorker.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests.Analytics;

/// <summary>
/// Makes the scenario's steps against a graph: webhooks through the worker's <see cref="WebhookProcessor"/>, the stage and the
/// ban through the Api's rules, each at the processing clock the step gives. The stream went live at <see cref="AudienceScenario.T0"/>.
/// </summary>
internal sealed class AudienceScriptRunner
{
    private readonly WorkerGraph _graph;
    private readonly FakeTimeProvider _clock = new(AudienceScenario.T0);

    private AudienceScriptRunner(WorkerGraph graph, CreatedStream stream)
    {
        _graph = graph;
        Stream = stream;
    }

    public CreatedStream Stream { get; }

    /// <summary>When set, every commit of webhooks is made twice, as after a crash before the acknowledgement.</summary>
    public bool RedeliverEachCommit { get; set; }

    public static async Task<AudienceScriptRunner> StartAsync(WorkerGraph graph)
    {
        var stream = await graph.CreateStreamAsync(createdBy: AudienceScenario.Creator);
        if (graph.Worker is null)
        {
            graph.StartWorker(WithoutReconciliation);
        }
        await graph.WaitForRoomStartedAsync();
        await using (var db = graph.CreateDbContext())
        {
            await db.Livestreams.Where(l => l.Id == stream.Id)
                .ExecuteUpdateAsync(l => l.SetProperty(x => x.StartedAt, AudienceScenario.T0), TestContext.Current.CancellationToken);
        }
        // E is brought on stage: LiveKit is asked to let them publish, so it must know them.
        lock (graph.LiveKit.Rooms.Sync)
        {
            graph.LiveKit.Rooms.Find(stream.RoomName)!.Participants["E"] = graph.LiveKit.Rooms.NewParticipant("E", "E", "", canPublish: false);
        }
        return new AudienceScriptRunner(graph, stream);
    }

    public async Task RunAsync(IEnumerable<ScriptStep> steps)
    {
        foreach (var step in steps)
        {
            await RunAsync(step);
        }
    }

    public async Task RunAsync(ScriptStep step)
    {
        _clock.SetUtcNow(AudienceScenario.At(step.Proc));
        switch (step)
        {
            case Deliver deliver:
                await (await CommitAsync(deliver.Webhooks)).ApplyLiveStateAsync(_graph.LiveState);
                if (RedeliverEachCommit)
                {
                    var again = await CommitAsync(deliver.Webhooks);
                    Assert.All(again.Outcomes, outcome => Assert.Equal(WebhookOutcome.Duplicate, outcome));
                }
                break;
            case StageInvite invite:
                await WithApiAsync(async services => Assert.IsType<Done<StageChanged>>(
                    await Create<StageRules>(services).InviteAsync(Stream.Id, AudienceScenario.Creator, invite.User, Ct)));
                break;
            case StageStepDown stepDown:
                await WithApiAsync(async services => Assert.IsType<Done<StageChanged>>(
                    await Create<StageRules>(services).StepDownAsync(Stream.Id, AudienceScenario.Creator, stepDown.User, Ct)));
                break;
            case Ban ban:
                // LiveKit answers not_found (the emulator never saw G connect), which a ban tolerates.
                await WithApiAsync(async services => Assert.IsType<Done<StreamBan>>(
                    await Create<Moderation>(services).BanAsync(Stream.Id, AudienceScenario.Creator, ban.User, null, null, Ct)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }
    }

    public async Task<CommittedBatch> CommitAsync(IReadOnlyList<ScriptWebhook> webhooks)
    {
        await using var scope = _graph.Worker!.Services.CreateAsyncScope();
        var processor = new WebhookProcessor(scope.ServiceProvider.GetRequiredService<FavoritedDbContext>(),
            scope.ServiceProvider.GetRequiredService<WebhookEventHandlers>(), _clock);
        return await processor.CommitAsync([.. webhooks.Select(webhook => webhook.Received(Stream))], Ct);
    }

    /// <summary>The stream's audience input as of <paramref name="asOf"/> (its end when null).</summary>
    public async Task<AudienceInput> ReadAsync(DateTime? asOf = null)
    {
        await using var db = _graph.CreateDbContext();
        var stream = await db.Livestreams.AsNoTracking().SingleAsync(l => l.Id == Stream.Id, Ct);
        return await AudienceSource.ReadAsync(db, stream, asOf ?? stream.EndedAt!.Value, Ct);
    }

    public async Task<long> LiveStateVersionAsync()
    {
        await using var db = _graph.CreateDbContext();
        return await db.Livestreams.Where(l => l.Id == Stream.Id).Select(l => l.LiveStateVersion).SingleAsync(Ct);
    }

    private async Task WithApiAsync(Func<IServiceProvider, Task> act)
    {
        await using var scope = _graph.Api.Services.CreateAsyncScope();
        await act(scope.ServiceProvider);
    }

    private T Create<T>(IServiceProvider services) => ActivatorUtilities.CreateInstance<T>(services, _clock);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
