using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Favorited.Core.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Stage;

/// <summary>
/// The stage: viewers raise their hands, the host brings one on stage (they may publish at once: LiveKit's UpdateParticipant
/// replaces their permission with a host's) and the host or the person steps them down again. The session's role and the live
/// state's hosts and viewers follow; every change is announced to the stream's subscribers after it is committed. LiveKit is
/// called before anything is recorded, for the reason <see cref="Moderation.Moderation"/> gives.
/// </summary>
public sealed class StageRules(FavoritedDbContext db, RoomServiceClient liveKit, LiveStateStore liveState, IStreamAnnouncer announcer,
    TimeProvider timeProvider)
{
    public const string HostOnlyMessage = "Only the host of the livestream can bring people on stage";

    /// <summary>Raises the caller's hand; raising it again changes nothing (the place in the queue is kept).</summary>
    public async Task<InteractionOutcome> RaiseHandAsync(Guid streamId, string userId, CancellationToken ct)
    {
        if (await HostedStream.FindAsync(db, streamId, userId, ct) is null)
        {
            return new NoSuchStream();
        }
        var session = await JoinedSessionAsync(streamId, userId, ct);
        if (session is null)
        {
            return new NotAllowed("Join the livestream to raise your hand");
        }
        if (session.Role == ParticipantRole.Host)
        {
            return new Conflicting("You are already on stage");
        }
        if (session.HandRaisedAt is { } raisedBefore)
        {
            return new Done<HandRaised>(new HandRaised(userId, session.DisplayName, raisedBefore));
        }
        session.HandRaisedAt = Now;
        await db.SaveChangesAsync(ct);
        var raised = new HandRaised(userId, session.DisplayName, session.HandRaisedAt.Value);
        await announcer.AnnounceAsync(streamId, StreamEvents.HandRaised, raised);
        return new Done<HandRaised>(raised);
    }

    /// <summary>Lowers the caller's hand; lowering one that is down changes nothing.</summary>
    public async Task<InteractionOutcome> LowerHandAsync(Guid streamId, string userId, CancellationToken ct)
    {
        if (await HostedStream.FindAsync(db, streamId, userId, ct) is null)
        {
            return new NoSuchStream();
        }
        var lowered = await db.Participants
            .Where(p => p.LivestreamId == streamId && p.UserId == userId && p.Status == ParticipantStatus.Joined && p.HandRaisedAt != null)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.HandRaisedAt, (DateTime?)null), ct);
        var hand = new HandLowered(userId);
        if (lowered > 0)
        {
            await announcer.AnnounceAsync(streamId, StreamEvents.HandLowered, hand);
        }
        return new Done<HandLowered>(hand);
    }

    /// <summary>The raised hands, first raised first.</summary>
    public async Task<InteractionOutcome> HandsAsync(Guid streamId, string hostId, CancellationToken ct)
    {
        var stream = await HostedStream.FindAsync(db, streamId, hostId, ct);
        if (stream is null)
        {
            return new NoSuchStream();
        }
        if (!stream.IsHost(hostId))
        {
            return new NotAllowed("Only the host of the livestream can see the raised hands");
        }
        var hands = await db.Participants.AsNoTracking()
            .Where(p => p.LivestreamId == streamId && p.Status == ParticipantStatus.Joined && p.Role == ParticipantRole.Viewer
                && p.HandRaisedAt != null)
            .OrderBy(p => p.HandRaisedAt).ThenBy(p => p.Id)
            .Select(p => new HandRaised(p.UserId, p.DisplayName, p.HandRaisedAt!.Value))
            .ToListAsync(ct);
        return new Done<List<HandRaised>>(hands);
    }

    public async Task<InteractionOutcome> InviteAsync(Guid streamId, string hostId, string userId, CancellationToken ct)
    {
        var stream = await HostedStream.FindAsync(db, streamId, hostId, ct);
        if (stream is null)
        {
            return new NoSuchStream();
        }
        if (!stream.IsHost(hostId))
        {
            return new NotAllowed(HostOnlyMessage);
        }
        if (userId == hostId)
        {
            return new Invalid("The host is on stage already");
        }
        return await ChangeRoleAsync(stream, hostId, userId, ParticipantRole.Host, ct);
    }

    /// <summary>Takes someone the host brought on stage back among the viewers; the host or that person may.</summary>
    public async Task<InteractionOutcome> StepDownAsync(Guid streamId, string callerId, string userId, CancellationToken ct)
    {
        var stream = await HostedStream.FindAsync(db, streamId, callerId, ct);
        if (stream is null)
        {
            return new NoSuchStream();
        }
        if (!stream.IsHost(callerId) && callerId != userId)
        {
            return new NotAllowed("Only the host of the livestream or the person on stage can step them down");
        }
        if (stream.IsHost(userId))
        {
            return new Invalid("The host of the livestream stays on stage");
        }
        return await ChangeRoleAsync(stream, callerId, userId, ParticipantRole.Viewer, ct);
    }

    private async Task<InteractionOutcome> ChangeRoleAsync(HostedStream stream, string callerId, string userId, ParticipantRole role,
        CancellationToken ct)
    {
        if (stream.Status != LivestreamStatus.Live)
        {
            return new Conflicting(HostedStream.NotLiveMessage);
        }
        var session = await JoinedSessionAsync(stream.Id, userId, ct);
        if (session is null)
        {
            return new NoSuchTarget($"User {userId} has no active session in this livestream");
        }
        var onStage = role == ParticipantRole.Host;
        if (session.Role == role)
        {
            return AlreadyInRole(userId, role);
        }
        try
        {
            await liveKit.UpdateParticipantAsync(new UpdateParticipantRequest
            {
                Room = stream.Room,
                Identity = userId,
                Permission = ParticipantPermission.ForRole(role),
            }, ct);
        }
        catch (LiveKitNotFoundException) when (onStage)
        {
            // Publishing needs a connection to give the right to; stepping down someone not connected needs none, as their
            // join token is a viewer's.
            return new Conflicting($"User {userId} is not connected to the livestream's room");
        }
        catch (LiveKitNotFoundException)
        {
        }
        catch (LiveKitException ex)
        {
            return new LiveKitFailed($"Failed to change the participant's permission in LiveKit: {ex.Message}");
        }

        var handWasRaised = session.HandRaisedAt is not null;
        var (changed, stillJoined, version) = await HostedStream.InTransactionAsync(db, stream.Id, async version =>
        {
            // Only from the other role: of two changes that race, the second changes nothing and records nothing.
            var changed = await db.Participants
                .Where(p => p.Id == session.Id && p.Status == ParticipantStatus.Joined && p.Role != role)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.Role, role).SetProperty(x => x.HandRaisedAt, (DateTime?)null), ct);
            if (changed == 0)
            {
                var stillJoined = await db.Participants.AnyAsync(p => p.Id == session.Id && p.Status == ParticipantStatus.Joined, ct);
                return (changed, stillJoined, version);
            }
            // A host's action is recorded; stepping down of one's own accord is not moderation.
            if (stream.IsHost(callerId))
            {
                Moderation.Moderation.Record(db, stream.Id, onStage ? ModerationActionKind.StageInvite : ModerationActionKind.StageRemove,
                    callerId, userId, reason: null, Now);
            }
            await ParticipantRoleChanges.RecordAsync(db, session, session.Role, role, Now, ct);
            return (changed, stillJoined: true, version);
        }, ct);
        if (changed == 0)
        {
            return stillJoined ? AlreadyInRole(userId, role) : new NoSuchTarget($"User {userId} has no active session in this livestream");
        }
        await liveState.ParticipantRoleChangedAsync(stream.Id, userId, role, version);
        if (handWasRaised)
        {
            await announcer.AnnounceAsync(stream.Id, StreamEvents.HandLowered, new HandLowered(userId));
        }
        var stageChanged = new StageChanged(userId, session.DisplayName, onStage, callerId);
        await announcer.AnnounceAsync(stream.Id, StreamEvents.StageChanged, stageChanged);
        return new Done<StageChanged>(stageChanged);
    }

    private static Conflicting AlreadyInRole(string userId, ParticipantRole role) =>
        new(role == ParticipantRole.Host ? $"User {userId} is already on stage" : $"User {userId} is not on stage");

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    private Task<Participant?> JoinedSessionAsync(Guid streamId, string userId, CancellationToken ct) =>
        db.Participants.SingleOrDefaultAsync(p => p.LivestreamId == streamId && p.UserId == userId && p.Status == ParticipantStatus.Joined, ct);
}
