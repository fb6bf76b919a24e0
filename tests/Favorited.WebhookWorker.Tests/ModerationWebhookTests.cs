using Favorited.Core.Data;
using Favorited.Core.Moderation;
using Favorited.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>What LiveKit reports after the host removes someone does not undo the removal.</summary>
public sealed class ModerationWebhookTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheLeaveLiveKitReportsAfterARemovalAndALateReportOfTheConnectKeepTheSessionLeftWithItsReason()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));
        await graph.ConnectAsync(stream, "viewer-1");
        var bound = await Eventually.MatchesAsync(async () => (await graph.ParticipantsAsync(stream.Id)).Single(),
            p => p.LivekitParticipantSid is not null, Patience, "the session to be bound", Ct);
        await Eventually.MatchesAsync(() => graph.StateAsync(stream.Id), s => s.ViewerCount == 1, Patience, "the viewer to count", Ct);

        using (var scope = graph.Api.Services.CreateScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<Moderation>()
                .RemoveAsync(stream.Id, stream.CreatedBy, "viewer-1", "spam", Ct);
            Assert.IsType<Done<ParticipantRemoved>>(outcome);
        }
        // LiveKit's participant_left for the removal, then a redelivered participant_joined of the same connection.
        await Eventually.MatchesAsync(() => Task.FromResult(graph.LiveKit.Webhooks.Deliveries.Count(d => d.Event == "participant_left" && d.LastStatus == 200)),
            count => count == 1, Patience, "LiveKit's report of the leave to be queued", Ct);
        await graph.WaitForDrainedAsync();
        await graph.PostWebhookAsync(ParticipantEvent("participant_joined", NewWebhookId(), stream, "viewer-1", bound.LivekitParticipantSid!));
        await graph.WaitForDrainedAsync();

        var session = Assert.Single(await graph.ParticipantsAsync(stream.Id));
        Assert.Equal((ParticipantStatus.Left, LeaveReason.Removed, bound.LivekitParticipantSid), (session.Status, session.LeaveReason, session.LivekitParticipantSid));
        Assert.Equal(0, (await graph.StateAsync(stream.Id)).ViewerCount);
    }

    [Fact]
    public async Task ABannedUserWhoConnectsWithAnOlderJoinTokenIsRemovedFromTheRoomAndNotCounted()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, configureWorker: WithoutReconciliation);
        var stream = await graph.CreateStreamAsync();
        // One joined through the Api before the ban (a session not yet connected), one never did.
        Assert.Equal(System.Net.HttpStatusCode.OK, await graph.JoinAsync(stream, "joined-before", "Joined Before"));
        using (var scope = graph.Api.Services.CreateScope())
        {
            var moderation = scope.ServiceProvider.GetRequiredService<Moderation>();
            Assert.IsType<Done<Favorited.Core.Data.StreamBan>>(await moderation.BanAsync(stream.Id, stream.CreatedBy, "joined-before", null, null, Ct));
            Assert.IsType<Done<Favorited.Core.Data.StreamBan>>(await moderation.BanAsync(stream.Id, stream.CreatedBy, "never-joined", null, null, Ct));
        }

        await graph.ConnectAsync(stream, "joined-before");
        await graph.ConnectAsync(stream, "never-joined");
        await Eventually.MatchesAsync(() => Task.FromResult(graph.LiveKit.Rooms.Find(stream.RoomName)!.Participants.Count),
            count => count == 0, Patience, "the worker to remove both from the room", Ct);
        await Eventually.MatchesAsync(() => Task.FromResult(graph.LiveKit.Webhooks.Deliveries.Count(d => d.Event == "participant_left" && d.LastStatus == 200)),
            count => count == 2, Patience, "LiveKit's reports of both leaves to be queued", Ct);
        await graph.WaitForDrainedAsync();

        var sessions = await graph.ParticipantsAsync(stream.Id);
        Assert.Equal(["joined-before", "never-joined"], sessions.Select(s => s.UserId));
        Assert.All(sessions, s => Assert.Equal((ParticipantStatus.Left, LeaveReason.Banned), (s.Status, s.LeaveReason)));
        Assert.All(sessions, s => Assert.NotNull(s.LivekitParticipantSid));
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal((0, 0), (state.ViewerCount, state.TotalViewers));
    }
}
