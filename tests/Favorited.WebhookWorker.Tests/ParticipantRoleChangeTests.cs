using Favorited.Core.Data;
using Favorited.Core.Livestreams;
using Favorited.Core.Moderation;
using Favorited.Core.Stage;
using Favorited.Testing;
using Favorited.Testing.Analytics;
using Favorited.WebhookWorker.Tests.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Favorited.Testing.Analytics.AudienceScenario;

namespace Favorited.WebhookWorker.Tests;

/// <summary>The stage's role changes are kept (participant_role_changes), once per change, even when two race.</summary>
public sealed class ParticipantRoleChangeTests(TestServers servers)
{
    [Fact]
    public async Task AStageInviteAndAStepDownAreRecordedAndARepeatedInviteIsNot()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);
        await runner.RunAsync(AudienceScript.Steps.Where(step => step.Number <= 8));

        var again = await InviteAsync(graph, runner.Stream);
        await runner.RunAsync(AudienceScript.Steps.Where(step => step.Number is > 8 and <= 11));

        Assert.Equal(new Conflicting("User E is already on stage"), again);
        var session = (await graph.ParticipantsAsync(runner.Stream.Id)).Single(p => p.UserId == "E");
        Assert.Equal(
            [(session.Id, "E", At(120), ParticipantRole.Viewer, ParticipantRole.Host), (session.Id, "E", At(180), ParticipantRole.Host, ParticipantRole.Viewer)],
            (await RoleChangesAsync(graph, runner.Stream)).Select(c => (c.ParticipantId, c.UserId, c.At, c.FromRole, c.ToRole)));
    }

    [Fact]
    public async Task OfTwoInvitesThatRaceOneChangesTheRoleAndTheOtherIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var runner = await AudienceScriptRunner.StartAsync(graph);
        await runner.RunAsync(AudienceScript.Steps.Where(step => step.Number <= 5));

        // Both read E as a viewer, then wait for the stream's row, which the test holds until both wait.
        await using var holder = graph.CreateDbContext();
        await using (var transaction = await holder.Database.BeginTransactionAsync(ct))
        {
            await LivestreamLocks.LockAsync(holder, runner.Stream.Id, ct);
            var invites = new[] { InviteAsync(graph, runner.Stream), InviteAsync(graph, runner.Stream) };
            await Eventually.MatchesAsync(() => WaitingForLocksAsync(holder), waiting => waiting == 2, WorkerGraphExtensions.Patience,
                "both invites to wait for the stream's row", ct);
            await transaction.RollbackAsync(ct);
            var outcomes = await Task.WhenAll(invites);

            Assert.Single(outcomes.OfType<Done<StageChanged>>());
            Assert.Equal(new Conflicting("User E is already on stage"), Assert.Single(outcomes.OfType<Conflicting>()));
        }
        Assert.Single(await RoleChangesAsync(graph, runner.Stream));
        await using var db = graph.CreateDbContext();
        Assert.Equal(1, await db.ModerationActions.CountAsync(a => a.LivestreamId == runner.Stream.Id
            && a.Action == ModerationActionKind.StageInvite, ct));
    }

    private static async Task<InteractionOutcome> InviteAsync(WorkerGraph graph, CreatedStream stream)
    {
        await using var scope = graph.Api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StageRules>()
            .InviteAsync(stream.Id, Creator, "E", TestContext.Current.CancellationToken);
    }

    private static async Task<int> WaitingForLocksAsync(FavoritedDbContext db)
    {
        await using var command = db.Database.Command(
            "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        return (int)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task<List<ParticipantRoleChange>> RoleChangesAsync(WorkerGraph graph, CreatedStream stream)
    {
        await using var db = graph.CreateDbContext();
        return await db.ParticipantRoleChanges.AsNoTracking().Where(c => c.LivestreamId == stream.Id).OrderBy(c => c.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
    }
}
