using Favorited.Core.Data;
using Favorited.Core.Moderation;
using Favorited.Core.Stage;
using Favorited.Testing;
using Favorited.Testing.Analytics;
using Favorited.WebhookWorker.Tests.Analytics;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

        var again = await InviteAsync(graph, runner.Stream, graph.CreateDbContext());
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

        // The loser reads E's session as a viewer's; right then the winner's invite runs and commits.
        InteractionOutcome? winner = null;
        var afterTheRead = new AfterFirstSessionRead(async () => winner = await InviteAsync(graph, runner.Stream, graph.CreateDbContext()));
        var loser = await InviteAsync(graph, runner.Stream, CreateDbContext(graph, afterTheRead));

        Assert.IsType<Done<StageChanged>>(winner);
        Assert.Equal(new Conflicting("User E is already on stage"), loser);
        Assert.Single(await RoleChangesAsync(graph, runner.Stream));
        await using var db = graph.CreateDbContext();
        Assert.Equal(1, await db.ModerationActions.CountAsync(a => a.LivestreamId == runner.Stream.Id
            && a.Action == ModerationActionKind.StageInvite, ct));
    }

    /// <summary>An invite through the stage's rules, with a database context of its own (as each Api request has).</summary>
    private static async Task<InteractionOutcome> InviteAsync(WorkerGraph graph, CreatedStream stream, FavoritedDbContext db)
    {
        await using (db)
        {
            var stage = ActivatorUtilities.CreateInstance<StageRules>(graph.Api.Services, db, graph.LiveState, TimeProvider.System);
            return await stage.InviteAsync(stream.Id, Creator, "E", TestContext.Current.CancellationToken);
        }
    }

    private static FavoritedDbContext CreateDbContext(WorkerGraph graph, IInterceptor interceptor)
    {
        var options = new DbContextOptionsBuilder<FavoritedDbContext>();
        options.UseNpgsql(graph.DatabaseConnectionString, FavoritedDbContext.ConfigureNpgsql);
        FavoritedDbContext.ConfigureConventions(options);
        options.AddInterceptors(new TimestampInterceptor(TimeProvider.System), interceptor);
        return new FavoritedDbContext(options.Options);
    }

    /// <summary>Runs something once, right after the context's first read of participants.</summary>
    private sealed class AfterFirstSessionRead(Func<Task> action) : DbCommandInterceptor
    {
        private bool _ran;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (!_ran && command.CommandText.Contains("FROM participants", StringComparison.Ordinal))
            {
                _ran = true;
                await action();
            }
            return result;
        }
    }

    private static async Task<List<ParticipantRoleChange>> RoleChangesAsync(WorkerGraph graph, CreatedStream stream)
    {
        await using var db = graph.CreateDbContext();
        return await db.ParticipantRoleChanges.AsNoTracking().Where(c => c.LivestreamId == stream.Id).OrderBy(c => c.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
    }
}
