using System.Net;
using System.Net.Http.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Favorited.WebhookWorker.Processing;
using Microsoft.EntityFrameworkCore;

namespace Favorited.WebhookWorker.Tests;

/// <summary>The sessions a transaction reads, changes and writes itself (without EF's change tracking).</summary>
public sealed class SessionLookupTests(TestServers servers)
{
    [Fact]
    public async Task ALeaveThroughTheApiWhileATransactionHoldsTheSessionIsNotUndoneByItsSave()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));
        var connect = new WebhookParticipant { Sid = "PA_late", Identity = "viewer-1" };

        await using var db = graph.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var livestream = await db.Livestreams.SingleAsync(l => l.Id == stream.Id, ct);
        var sessions = new SessionLookup(db);
        await sessions.LoadAsync(stream.Id, [connect], ct);
        // The viewer leaves through the API after the transaction read the session as JOINED ...
        using (var leave = await graph.Client.PostAsJsonAsync($"/api/v1/livestreams/{stream.Id}/leave", new { userId = "viewer-1" }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
        }
        // ... and LiveKit's late connect report binds it in the transaction, which changes only the sids.
        await ParticipantSessions.RecordConnectAsync(sessions, livestream, connect, stream.RoomSid, DateTime.UtcNow, ct);
        await sessions.SaveAsync(ct);
        await transaction.CommitAsync(ct);

        var session = Assert.Single(await graph.ParticipantsAsync(stream.Id));
        Assert.Equal((ParticipantStatus.Left, "PA_late", stream.RoomSid), (session.Status, session.LivekitParticipantSid, session.LivekitRoomSid));
        Assert.NotNull(session.LeftAt);
    }

    [Fact]
    public async Task ALeaveAndARejoinInOneSaveKeepOneJoinedSessionPerUser()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var stream = await graph.CreateStreamAsync();
        Assert.Equal(HttpStatusCode.OK, await graph.JoinAsync(stream, "viewer-1", "Viewer One"));
        var first = new WebhookParticipant { Sid = "PA_first", Identity = "viewer-1", Name = "Viewer One" };
        var second = new WebhookParticipant { Sid = "PA_second", Identity = "viewer-1", Name = "Viewer One" };

        await using var db = graph.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var livestream = await db.Livestreams.SingleAsync(l => l.Id == stream.Id, ct);
        var sessions = new SessionLookup(db);
        var now = DateTime.UtcNow;
        // The joined session is bound and leaves (an UPDATE); the reconnect under a new sid is a new JOINED session (an
        // INSERT): saved together, the update must land first or the one-JOINED-session index refuses the insert.
        await ParticipantSessions.RecordConnectAsync(sessions, livestream, first, stream.RoomSid, now, ct);
        await ParticipantSessions.RecordDisconnectAsync(sessions, livestream, first, stream.RoomSid, now, ct);
        await ParticipantSessions.RecordConnectAsync(sessions, livestream, second, stream.RoomSid, now, ct);
        await sessions.SaveAsync(ct);
        await transaction.CommitAsync(ct);

        var saved = (await graph.ParticipantsAsync(stream.Id)).OrderBy(p => p.LivekitParticipantSid).ToList();
        Assert.Equal([("PA_first", ParticipantStatus.Left), ("PA_second", ParticipantStatus.Joined)],
            saved.Select(p => (p.LivekitParticipantSid, p.Status)));
        Assert.Equal(("viewer-1", "Viewer One", ParticipantRole.Viewer), (saved[1].UserId, saved[1].DisplayName, saved[1].Role));
    }
}
