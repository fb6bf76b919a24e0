using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Moderation;

/// <summary>
/// What the host of a livestream does to its participants: remove, ban and unban, mute. Each action is recorded
/// (<see cref="ModerationAction"/>) and announced to the stream's subscribers after it is committed.
/// </summary>
/// <remarks>
/// LiveKit is called first and PostgreSQL written after: when LiveKit fails, nothing is recorded and the host may simply try
/// again. The other order would record a removal or a mute that did not happen (the person still in the room, still heard)
/// and need undoing. If the write fails after LiveKit acted, the person is out of the room; LiveKit's participant_left
/// webhook then ends the session (without a reason), and repeating the action records it (not being in the room is fine).
/// </remarks>
public sealed class Moderation(FavoritedDbContext db, RoomServiceClient liveKit, LiveStateStore liveState, IStreamAnnouncer announcer,
    TimeProvider timeProvider)
{
    public const string HostOnlyMessage = "Only the host of the livestream can moderate it";

    public async Task<InteractionOutcome> RemoveAsync(Guid streamId, string hostId, string userId, string? reason, CancellationToken ct)
    {
        var (stream, refused) = await HostAsync(streamId, hostId, userId, ct);
        if (refused is not null)
        {
            return refused;
        }
        if (stream.Status != LivestreamStatus.Live)
        {
            return new Conflicting(HostedStream.NotLiveMessage);
        }
        var startedAt = Now;
        var (wasInRoom, liveKitError) = await RemoveFromRoomAsync(stream.Room, userId, ct);
        if (liveKitError is not null)
        {
            return new LiveKitFailed(liveKitError);
        }
        var ended = await HostedStream.InTransactionAsync(db, streamId, async version =>
        {
            var count = await EndSessionsAsync(streamId, userId, LeaveReason.Removed, startedAt, ct);
            if (count == 0 && !wasInRoom)
            {
                return (Count: 0, Version: version);
            }
            Record(streamId, ModerationActionKind.Remove, hostId, userId, reason);
            await db.SaveChangesAsync(ct);
            return (Count: count, Version: version);
        }, ct);
        if (ended.Count == 0 && !wasInRoom)
        {
            return new NoSuchTarget($"User {userId} is not a participant of this livestream");
        }
        await liveState.ParticipantDisconnectedAsync(streamId, userId, version: ended.Version);
        var removed = new ParticipantRemoved(userId, reason, hostId);
        await announcer.AnnounceAsync(streamId, StreamEvents.ParticipantRemoved, removed);
        return new Done<ParticipantRemoved>(removed);
    }

    /// <summary>Removes the user (when the stream is LIVE) and keeps them out until <paramref name="duration"/> passes, or for good.</summary>
    public async Task<InteractionOutcome> BanAsync(Guid streamId, string hostId, string userId, string? reason, TimeSpan? duration,
        CancellationToken ct)
    {
        var (stream, refused) = await HostAsync(streamId, hostId, userId, ct);
        if (refused is not null)
        {
            return refused;
        }
        var startedAt = Now;
        if (stream.Status == LivestreamStatus.Live && (await RemoveFromRoomAsync(stream.Room, userId, ct)).Error is { } liveKitError)
        {
            return new LiveKitFailed(liveKitError);
        }
        var (ban, version) = await HostedStream.InTransactionAsync(db, streamId, async version =>
        {
            // The ban before it, if any (holding or expired), is replaced.
            await db.StreamBans.Where(b => b.LivestreamId == streamId && b.UserId == userId && b.LiftedAt == null)
                .ExecuteUpdateAsync(b => b.SetProperty(x => x.LiftedAt, startedAt), ct);
            await EndSessionsAsync(streamId, userId, LeaveReason.Banned, startedAt, ct);
            var ban = new StreamBan
            {
                LivestreamId = streamId,
                UserId = userId,
                Reason = reason,
                CreatedBy = hostId,
                CreatedAt = startedAt,
                Until = startedAt + duration,
            };
            db.StreamBans.Add(ban);
            Record(streamId, ModerationActionKind.Ban, hostId, userId, reason);
            await db.SaveChangesAsync(ct);
            return (ban, version);
        }, ct);
        await liveState.ParticipantDisconnectedAsync(streamId, userId, version: version);
        await announcer.AnnounceAsync(streamId, StreamEvents.ParticipantBanned, new ParticipantBanned(userId, reason, ban.Until));
        return new Done<StreamBan>(ban);
    }

    public async Task<InteractionOutcome> UnbanAsync(Guid streamId, string hostId, string userId, CancellationToken ct)
    {
        if ((await HostAsync(streamId, hostId, targetId: null, ct)).Refused is { } refused)
        {
            return refused;
        }
        var now = Now;
        var lifted = await HostedStream.InTransactionAsync(db, streamId, async _ =>
        {
            var ban = await StreamBans.Active(db, streamId, now).SingleOrDefaultAsync(b => b.UserId == userId, ct);
            if (ban is null)
            {
                return null;
            }
            ban.LiftedAt = now;
            Record(streamId, ModerationActionKind.Unban, hostId, userId, reason: null);
            await db.SaveChangesAsync(ct);
            return ban;
        }, ct);
        if (lifted is null)
        {
            return new NoSuchTarget($"User {userId} is not banned from this livestream");
        }
        var unbanned = new ParticipantUnbanned(userId);
        await announcer.AnnounceAsync(streamId, StreamEvents.ParticipantUnbanned, unbanned);
        return new Done<StreamBan>(lifted);
    }

    /// <summary>The bans that hold now, newest first.</summary>
    public async Task<InteractionOutcome> ListBansAsync(Guid streamId, string hostId, CancellationToken ct)
    {
        if ((await HostAsync(streamId, hostId, targetId: null, ct)).Refused is { } refused)
        {
            return refused;
        }
        var bans = await StreamBans.Active(db, streamId, Now).AsNoTracking()
            .OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).ToListAsync(ct);
        return new Done<List<StreamBan>>(bans);
    }

    /// <summary>
    /// Mutes the track, or every audio and video track the participant publishes and has not muted. LiveKit is asked for the
    /// participant first: MutePublishedTrack does not look it up, and answers "unavailable" for one not connected.
    /// </summary>
    public async Task<InteractionOutcome> MuteAsync(Guid streamId, string hostId, string userId, string? trackSid, CancellationToken ct)
    {
        var (stream, refused) = await HostAsync(streamId, hostId, targetId: null, ct);
        if (refused is not null)
        {
            return refused;
        }
        if (stream.Status != LivestreamStatus.Live)
        {
            return new Conflicting(HostedStream.NotLiveMessage);
        }
        List<string> toMute;
        try
        {
            var participant = await liveKit.GetParticipantAsync(stream.Room, userId, ct);
            toMute = trackSid is null
                ? [.. participant.Tracks.Where(t => !t.Muted && t.Type is "AUDIO" or "VIDEO").Select(t => t.Sid)]
                : participant.Tracks.Any(t => t.Sid == trackSid) ? [trackSid] : [];
            if (trackSid is not null && toMute.Count == 0)
            {
                return new NoSuchTarget($"User {userId} publishes no track {trackSid}");
            }
            foreach (var sid in toMute)
            {
                await liveKit.MutePublishedTrackAsync(stream.Room, userId, sid, muted: true, ct);
            }
        }
        catch (LiveKitNotFoundException)
        {
            return new NoSuchTarget($"User {userId} is not connected to the livestream's room");
        }
        catch (LiveKitException ex)
        {
            // Tracks muted before the failure stay muted (LiveKit has no undo); the host may try again.
            return new LiveKitFailed($"Failed to mute the participant's tracks in LiveKit: {ex.Message}");
        }
        Record(streamId, ModerationActionKind.Mute, hostId, userId, reason: null);
        await db.SaveChangesAsync(ct);
        var muted = new ParticipantMuted(userId, toMute);
        await announcer.AnnounceAsync(streamId, StreamEvents.ParticipantMuted, muted);
        return new Done<ParticipantMuted>(muted);
    }

    /// <summary>Every action recorded for the stream, newest first.</summary>
    public async Task<InteractionOutcome> ListActionsAsync(Guid streamId, string hostId, int limit, int offset, CancellationToken ct)
    {
        if ((await HostAsync(streamId, hostId, targetId: null, ct)).Refused is { } refused)
        {
            return refused;
        }
        var actions = await db.ModerationActions.AsNoTracking().Where(a => a.LivestreamId == streamId)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(offset).Take(limit).ToListAsync(ct);
        return new Done<List<ModerationAction>>(actions);
    }

    /// <summary>Records a host's action in the context (saved with the caller's changes).</summary>
    internal static void Record(FavoritedDbContext db, Guid streamId, ModerationActionKind action, string hostId, string userId,
        string? reason, DateTime now) =>
        db.ModerationActions.Add(new ModerationAction
        {
            LivestreamId = streamId,
            Action = action,
            ActorId = hostId,
            TargetId = userId,
            Reason = reason,
            CreatedAt = now,
        });

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    private void Record(Guid streamId, ModerationActionKind action, string hostId, string userId, string? reason) =>
        Record(db, streamId, action, hostId, userId, reason, Now);

    /// <summary>The stream when the caller hosts it (and, with a target, is not it); else why not.</summary>
    private async Task<(HostedStream Stream, InteractionOutcome? Refused)> HostAsync(Guid streamId, string callerId, string? targetId,
        CancellationToken ct)
    {
        var stream = await HostedStream.FindAsync(db, streamId, callerId, ct);
        InteractionOutcome? refused = stream switch
        {
            null => new NoSuchStream(),
            _ when !stream.IsHost(callerId) => new NotAllowed(HostOnlyMessage),
            _ when targetId == callerId => new Invalid("The host cannot moderate themselves"),
            _ => null,
        };
        return (stream!, refused);
    }

    /// <returns>Whether the user was in the room, or why LiveKit failed.</returns>
    private async Task<(bool InRoom, string? Error)> RemoveFromRoomAsync(string room, string userId, CancellationToken ct)
    {
        try
        {
            await liveKit.RemoveParticipantAsync(room, userId, ct);
            return (true, null);
        }
        catch (LiveKitNotFoundException)
        {
            return (false, null);
        }
        catch (LiveKitException ex)
        {
            return (false, $"Failed to remove the participant from the LiveKit room: {ex.Message}");
        }
    }

    /// <summary>
    /// Ends the user's JOINED sessions with the reason. A session LiveKit's participant_left (caused by this removal) already
    /// ended since <paramref name="since"/> gets the reason too, so the person's page can say why whichever came first.
    /// </summary>
    private Task<int> EndSessionsAsync(Guid streamId, string userId, LeaveReason reason, DateTime since, CancellationToken ct)
    {
        var now = Now;
        return db.Participants
            .Where(p => p.LivestreamId == streamId && p.UserId == userId)
            .Where(p => p.Status == ParticipantStatus.Joined || (p.LeaveReason == null && p.LeftAt >= since))
            .ExecuteUpdateAsync(p => p
                .SetProperty(x => x.Status, ParticipantStatus.Left)
                .SetProperty(x => x.LeftAt, x => x.LeftAt ?? now)
                .SetProperty(x => x.LeaveReason, reason)
                .SetProperty(x => x.HandRaisedAt, (DateTime?)null), ct);
    }
}
