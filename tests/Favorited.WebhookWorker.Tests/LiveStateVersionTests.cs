using Favorited.Core.Data;
using Favorited.Testing;
using Microsoft.Extensions.DependencyInjection;
using Favorited.WebhookWorker.Processing;
using Microsoft.EntityFrameworkCore;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>Live-state changes carry versions in commit order, so one that reaches Redis after a newer one is dropped.</summary>
public sealed class LiveStateVersionTests(TestServers servers)
{
    [Fact]
    public async Task AChangeCommittedEarlierButAppliedLaterDoesNotUndoANewerOne()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        var worker = graph.StartWorker(WithoutReconciliation);
        // The room_started LiveKit sent on create is applied first, or it would take a version after the leave's.
        await graph.WaitForRoomStartedAsync();

        // Two replicas: A commits the join, B (which took over the room's later entries) commits the leave and sets live
        // state first; A, stalled after its commit, sets live state last.
        var joined = await CommitAsync(worker.Services, stream, "participant_joined");
        var left = await CommitAsync(worker.Services, stream, "participant_left");
        await left.ApplyLiveStateAsync(graph.LiveState);
        await joined.ApplyLiveStateAsync(graph.LiveState);

        Assert.True(joined.Changes.Single().Version < left.Changes.Single().Version);
        var state = await graph.StateAsync(stream.Id);
        Assert.Equal(0, state.ViewerCount);
        Assert.Empty(state.Participants);
        Assert.Equal(ParticipantStatus.Left, (await graph.ParticipantsAsync(stream.Id)).Single(p => p.UserId == "viewer-1").Status);
        await using var db = graph.CreateDbContext();
        Assert.Equal(left.Changes.Single().Version,
            await db.Livestreams.Where(l => l.Id == stream.Id).Select(l => l.LiveStateVersion).SingleAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<CommittedBatch> CommitAsync(IServiceProvider services, CreatedStream stream, string @event)
    {
        await using var scope = services.CreateAsyncScope();
        var id = NewWebhookId();
        var webhook = new Core.Webhooks.ReceivedWebhook(id, @event, stream.RoomName, ParticipantEvent(@event, id, stream, "viewer-1", "PA_viewer1"), "",
            DateTimeOffset.UtcNow);
        return await scope.ServiceProvider.GetRequiredService<WebhookProcessor>().CommitAsync([webhook], TestContext.Current.CancellationToken);
    }
}
