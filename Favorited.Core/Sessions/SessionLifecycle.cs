using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Favorited.Core.Livestreams;
using Favorited.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Favorited.Core.Sessions;

/// <summary>Joining and leaving a livestream through the API; what LiveKit reports about sessions is <see cref="ParticipantSessions"/>.</summary>
public sealed class SessionLifecycle(FavoritedDbContext db, RoomServiceClient liveKit, LiveStateStore liveState,
    ILogger<SessionLifecycle> logger)
{
    /// <summary>
    /// Records a JOINED session, in one statement (<see cref="JoinStatement"/>): only into a LIVE stream, only the creator as
    /// HOST, and only when the user has no JOINED session of the stream yet.
    /// </summary>
    public async Task<JoinOutcome> JoinAsync(Participant session, CancellationToken ct)
    {
        var attempt = await JoinStatement.TryInsertAsync(db, session, ct);
        if (attempt is null || !attempt.Visible)
        {
            return new StreamNotFound();
        }
        if (attempt.Status != LivestreamStatus.Live)
        {
            return new StreamNotLive(attempt.Status);
        }
        if (attempt.Inserted)
        {
            // Checked after the insert, not before: a ban commits under the stream's row lock, which the insert waits for
            // and then sees, and it ends the sessions JOINED by then. Checked before, a ban committing between the check and
            // the insert would find no session to end and let this one in.
            if (await StreamBans.IsBannedAsync(db, session.LivestreamId, session.UserId, session.JoinedAt, ct))
            {
                await db.Participants.Where(p => p.Id == session.Id).ExecuteDeleteAsync(ct);
                return new Banned();
            }
            return new Joined(session, attempt.LivekitRoom);
        }
        // Not inserted into a LIVE stream: already joined (said first, as the original checked that first), or an impostor host.
        var impostor = session.Role == ParticipantRole.Host && attempt.CreatedBy != session.UserId;
        return impostor && !await HasJoinedSessionAsync(session.LivestreamId, session.UserId, ct)
            ? new NotTheCreator()
            : new AlreadyJoined();
    }

    /// <summary>
    /// Ends the user's JOINED session, whether or not it ever connected to LiveKit, and removes them from the room.
    /// Idempotent: live state is told again on a repeat, so a retry after a Redis failure still takes the user out.
    /// </summary>
    /// <returns>False when there is no such stream.</returns>
    public async Task<bool> LeaveAsync(Guid streamId, string userId, DateTime now, CancellationToken ct)
    {
        var stream = await db.Livestreams.AsNoTracking().Where(l => l.Id == streamId).VisibleTo(db, userId).SingleOrDefaultAsync(ct);
        if (stream is null)
        {
            return false;
        }
        if (await ParticipantSessions.LeaveAsync(db, stream.Id, userId, now, ct) && stream.Status == LivestreamStatus.Live)
        {
            await RemoveFromRoomAsync(stream.LivekitRoom, userId);
        }
        await liveState.ParticipantDisconnectedAsync(stream.Id, userId);
        return true;
    }

    private Task<bool> HasJoinedSessionAsync(Guid streamId, string userId, CancellationToken ct) =>
        db.Participants.AnyAsync(p => p.LivestreamId == streamId && p.UserId == userId && p.Status == ParticipantStatus.Joined, ct);

    private async Task RemoveFromRoomAsync(string room, string identity)
    {
        try
        {
            await liveKit.RemoveParticipantAsync(room, identity, CancellationToken.None);
        }
        catch (LiveKitNotFoundException)
        {
            // Never connected, or already disconnected.
        }
        catch (LiveKitException ex)
        {
            Log.RemoveParticipantFailed(logger, identity, room, ex.Message);
        }
    }
}

/// <summary>What <see cref="SessionLifecycle.JoinAsync"/> came to.</summary>
public abstract record JoinOutcome;

/// <summary>The session is recorded; the join token is for the stream's LiveKit room.</summary>
public sealed record Joined(Participant Session, string LivekitRoom) : JoinOutcome;

public sealed record StreamNotFound : JoinOutcome;

public sealed record StreamNotLive(LivestreamStatus Status) : JoinOutcome;

/// <summary>The user already has a JOINED session of the stream.</summary>
public sealed record AlreadyJoined : JoinOutcome;

/// <summary>The host banned the user from the stream, and the ban holds.</summary>
public sealed record Banned : JoinOutcome;

/// <summary>Asked to join as HOST a stream someone else created.</summary>
public sealed record NotTheCreator : JoinOutcome;
