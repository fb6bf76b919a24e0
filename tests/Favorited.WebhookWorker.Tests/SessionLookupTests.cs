using System.Net;
using System.Net.Http.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Favorited.WebhookWorker.Processing;
using Microsoft.EntityFrameworkCore;
using Favorited.Core.Sessions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// The sessions a transaction reads, changes and writes itself (without EF's change tracking). Each test records LiveKit's
/// reports the way the worker does, in one transaction per save, against the Api's sessions.
/// </summary>
public sealed class SessionLookupTests(TestServers servers)
{
    private static readonly WebhookParticipant First = new() { Sid = "PA_first", Identity = "viewer-1", Name = "Viewer One" };
    private static readonly WebhookParticipant Second = new() { Sid = "PA_second", Identity = "viewer-1", Name = "Viewer One" };

    [Fact]
    public async Task ALeaveThroughTheApiWhileATransactionHoldsTheSessionIsNotUndoneByItsSave()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));

        await SaveAsync(graph, stream, async (sessions, livestream, now) =>
        {
            await sessions.LoadAsync(stream.Id, [First], ct);
            // The viewer leaves through the API after the transaction read the session as JOINED, then LiveKit's late
            // connect report binds it in the transaction, which changes only the sids.
            await LeaveAsync(graph, stream);
            await ParticipantSessions.RecordConnectAsync(sessions, livestream, First, stream.RoomSid, reportedAt: null, now, ct);
        });

        var session = Assert.Single(await graph.ParticipantsAsync(stream.Id));
        Assert.Equal((ParticipantStatus.Left, "PA_first", stream.RoomSid), (session.Status, session.LivekitParticipantSid, session.LivekitRoomSid));
        Assert.NotNull(session.LeftAt);
    }

    [Fact]
    public async Task ALeaveAndARejoinInOneSaveKeepOneJoinedSessionPerUser()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));

        // The joined session is bound and leaves (an UPDATE); the reconnect under a new sid is a new JOINED session (an
        // INSERT): saved together, the update must land first or the one-JOINED-session index refuses the insert.
        await SaveAsync(graph, stream, async (sessions, livestream, now) =>
        {
            await ParticipantSessions.RecordConnectAsync(sessions, livestream, First, stream.RoomSid, reportedAt: null, now, ct);
            await ParticipantSessions.RecordDisconnectAsync(sessions, livestream, First, stream.RoomSid, reportedAt: null, now, ct);
            await ParticipantSessions.RecordConnectAsync(sessions, livestream, Second, stream.RoomSid, reportedAt: null, now, ct);
        });

        var saved = await SessionsInJoinOrderAsync(graph, stream);
        Assert.Equal([("PA_first", ParticipantStatus.Left), ("PA_second", ParticipantStatus.Joined)],
            saved.Select(p => (p.LivekitParticipantSid, p.Status)));
        Assert.Equal(("viewer-1", "Viewer One", ParticipantRole.Viewer), (saved[1].UserId, saved[1].DisplayName, saved[1].Role));
    }

    [Fact]
    public async Task ASidMovingFromOneSessionToAnotherInOneSaveDoesNotCollideWithItself()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        // An older session that joined and left through the API without ever connecting (LEFT, no sid), then a joined one,
        // connected as PA_first.
        Assert.Equal(HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));
        await LeaveAsync(graph, stream);
        Assert.Equal(HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));
        await SaveAsync(graph, stream, (sessions, livestream, now) =>
            ParticipantSessions.RecordConnectAsync(sessions, livestream, First, stream.RoomSid, reportedAt: null, now, ct));

        // A reload: LiveKit reports the new connection, then the old one leaving. The joined session moves to PA_second and
        // the leave of PA_first is recorded on the older session, which takes PA_first: a sid changes hands in one save.
        await SaveAsync(graph, stream, async (sessions, livestream, now) =>
        {
            await ParticipantSessions.RecordConnectAsync(sessions, livestream, Second, stream.RoomSid, reportedAt: null, now, ct);
            await ParticipantSessions.RecordDisconnectAsync(sessions, livestream, First, stream.RoomSid, reportedAt: null, now, ct);
        });

        Assert.Equal([("PA_first", ParticipantStatus.Left), ("PA_second", ParticipantStatus.Joined)],
            (await SessionsInJoinOrderAsync(graph, stream)).Select(p => (p.LivekitParticipantSid, p.Status)));
    }

    /// <summary>Records reports in a transaction of their own, as the worker does, saves them and commits.</summary>
    private static async Task SaveAsync(WorkerGraph graph, CreatedStream stream, Func<SessionLookup, Livestream, DateTime, Task> record)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = graph.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var livestream = await db.Livestreams.SingleAsync(l => l.Id == stream.Id, ct);
        var sessions = new SessionLookup(db);
        await record(sessions, livestream, DateTime.UtcNow);
        await sessions.SaveAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task LeaveAsync(WorkerGraph graph, CreatedStream stream)
    {
        using var leave = await graph.Client.PostAsJsonAsync($"/api/v1/livestreams/{stream.Id}/leave", new { userId = "viewer-1" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
    }

    private static async Task<List<Participant>> SessionsInJoinOrderAsync(WorkerGraph graph, CreatedStream stream) =>
        [.. (await graph.ParticipantsAsync(stream.Id)).OrderBy(p => p.JoinedAt).ThenBy(p => p.Id)];
}
