using Favorited.Core.Broadcast;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Favorited.WebhookWorker.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Favorited.Core.Livestreams;
using Favorited.Core.Sessions;

namespace Favorited.WebhookWorker.Jobs;

/// <summary>
/// Brings Postgres and live state back in line with LiveKit, so a lost webhook cannot leave them wrong for
/// good: streams stuck SCHEDULED become ERROR, LIVE streams whose room is gone end, and who is connected is
/// taken from LiveKit's participant list.
/// </summary>
public sealed class ReconciliationJob(IServiceScopeFactory scopes, IOptions<JobOptions> options, SingleRunnerLock runnerLock,
    TimeProvider timeProvider, ILogger<ReconciliationJob> logger) : PeriodicJob(runnerLock, timeProvider, logger)
{
    private const int PageSize = 200;

    protected override string Name => "reconciliation";
    protected override TimeSpan Interval => options.Value.ReconciliationInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FavoritedDbContext>();
        var liveKit = services.GetRequiredService<RoomServiceClient>();
        var liveState = services.GetRequiredService<LiveStateStore>();

        var failed = await services.GetRequiredService<LivestreamLifecycle>()
            .FailStuckScheduledAsync(Clock.GetUtcNow().UtcDateTime - options.Value.ScheduledTimeout, cancellationToken);

        int ended = 0, corrected = 0;
        var after = Guid.Empty;
        while (true)
        {
            var page = await db.Livestreams.AsNoTracking()
                .Where(l => l.Status == LivestreamStatus.Live && l.Id.CompareTo(after) > 0)
                .OrderBy(l => l.Id).Take(PageSize)
                .Select(l => new { l.Id, Room = l.LivekitRoomName ?? l.RoomName })
                .ToListAsync(cancellationToken);
            // Rooms are listed after the streams are read: a stream is LIVE only once its room exists, so a
            // room missing from this answer is really gone.
            var rooms = page.Count == 0
                ? []
                : (await liveKit.ListRoomsAsync([.. page.Select(s => s.Room).Distinct()], cancellationToken)).ToDictionary(r => r.Name);
            foreach (var id in page.Select(s => s.Id))
            {
                var change = await db.Database.CreateExecutionStrategy().ExecuteAsync(
                    () => ReconcileStreamAsync(db, liveKit, liveState, rooms, id, cancellationToken));
                ended += change is StreamEnded ? 1 : 0;
                corrected += change is ConnectedSetReplaced ? 1 : 0;
            }
            if (page.Count < PageSize)
            {
                break;
            }
            after = page[^1].Id;
        }
        var revoked = await services.GetRequiredService<IngressRevocation>().RevokeEndedAsync(null, cancellationToken);
        return $"{revoked} ended ingresses deleted at LiveKit, {failed} stuck SCHEDULED → ERROR, {ended} LIVE without a room → ENDED, {corrected} participant sets corrected";
    }

    /// <summary>
    /// One stream, in one transaction that holds its row, so webhooks of the stream wait rather than interleave. Its live
    /// state is set before the commit, while the row is still held: a webhook's change committed after this snapshot then
    /// also reaches Redis after it (set after the commit, it could land after that change and undo it).
    /// </summary>
    /// <returns>The live-state change made, or null when nothing differed.</returns>
    private async Task<LiveStateChange?> ReconcileStreamAsync(FavoritedDbContext db, RoomServiceClient liveKit, LiveStateStore liveState,
        Dictionary<string, LiveKitRoom> rooms, Guid streamId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var stream = await LivestreamLocks.LockIfAsync(db, streamId, LivestreamStatus.Live, ct);
        if (stream is null)
        {
            return null;
        }
        var now = Clock.GetUtcNow().UtcDateTime;

        if (!rooms.TryGetValue(stream.LivekitRoom, out var room) || (stream.LivekitRoomSid is { } sid && room.Sid != sid))
        {
            await LivestreamRules.EndAsync(db, stream, now, ct);
            await db.SaveChangesAsync(ct);
            var ended = new StreamEnded(stream.Id);
            await ended.ApplyAsync(liveState);
            await transaction.CommitAsync(ct);
            return ended;
        }

        // Sessions bound before LiveKit is asked: any of them missing from its answer has left.
        var bound = await db.Participants
            .Where(p => p.LivestreamId == stream.Id && p.Status == ParticipantStatus.Joined && p.LivekitParticipantSid != null)
            .Select(p => new { p.UserId, Sid = p.LivekitParticipantSid! })
            .ToListAsync(ct);
        var inRoom = (await liveKit.ListParticipantsAsync(stream.LivekitRoom, ct))
            .Where(p => p.State != "DISCONNECTED" && p.Kind != ParticipantKinds.Egress)
            .ToList();
        var inRoomSids = inRoom.Select(p => p.Sid).ToHashSet();
        var boundSids = bound.Select(p => p.Sid).ToHashSet();

        var sessions = new SessionLookup(db);
        foreach (var gone in bound.Where(p => !inRoomSids.Contains(p.Sid)))
        {
            await ParticipantSessions.RecordDisconnectAsync(sessions, stream, new WebhookParticipant { Sid = gone.Sid, Identity = gone.UserId },
                room.Sid, reportedAt: null, now, ct);
        }
        foreach (var present in inRoom.Where(p => !boundSids.Contains(p.Sid)))
        {
            // A banned user connected with an older join token, whether first seen now or not removed when first seen.
            if (await ParticipantSessions.RecordConnectAsync(sessions, stream, ToWebhookParticipant(present), room.Sid, reportedAt: null, now, ct)
                || await sessions.IsBannedAsync(stream.Id, present.Identity, now, ct))
            {
                await Processing.Handlers.BannedParticipants.RemoveAsync(liveKit, stream.LivekitRoom, present.Identity, logger);
            }
        }
        await sessions.SaveAsync(ct);

        var connected = await db.Participants
            .Where(p => p.LivestreamId == stream.Id && p.Status == ParticipantStatus.Joined && p.LivekitParticipantSid != null)
            .Select(p => new { p.UserId, p.Role })
            .ToListAsync(ct);
        var hosts = connected.Where(p => p.Role == ParticipantRole.Host).Select(p => p.UserId).ToHashSet();
        var viewers = connected.Where(p => p.Role == ParticipantRole.Viewer).Select(p => p.UserId).Except(hosts).ToHashSet();
        var replaced = new ConnectedSetReplaced(stream.Id, hosts, viewers) { Version = stream.LiveStateVersion };
        var differs = await DiffersAsync(liveState, replaced);
        if (differs)
        {
            await replaced.ApplyAsync(liveState);
        }
        await transaction.CommitAsync(ct);
        return differs ? replaced : null;
    }

    private static async Task<bool> DiffersAsync(LiveStateStore liveState, ConnectedSetReplaced replaced)
    {
        var state = await liveState.GetAsync(replaced.StreamId);
        return state is not null && !state.Participants.ToHashSet().SetEquals(replaced.Hosts.Concat(replaced.Viewers));
    }

    private static WebhookParticipant ToWebhookParticipant(LiveKitParticipant participant) => new()
    {
        Sid = participant.Sid,
        Identity = participant.Identity,
        Name = participant.Name,
        Metadata = participant.Metadata,
        JoinedAt = participant.JoinedAt,
        JoinedAtMs = participant.JoinedAtMs,
        Permission = participant.Permission,
        Kind = participant.Kind,
    };
}
