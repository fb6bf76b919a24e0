using Favorited.Core.Broadcast;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Favorited.Core.Livestreams;

/// <summary>
/// A livestream's way from SCHEDULED to LIVE to ENDED (or ERROR), each step keeping Postgres, the LiveKit room and the live
/// state in Redis in line: creating with compensation, editing, ending, and failing streams that never started.
/// </summary>
public sealed class LivestreamLifecycle(FavoritedDbContext db, RoomServiceClient liveKit, LiveStateStore liveState,
    IngressRevocation ingressRevocation, TimeProvider timeProvider, ILogger<LivestreamLifecycle> logger)
{
    /// <summary>
    /// SCHEDULED row first (the unique index turns a second active stream of the same room into <see cref="RoomNameTaken"/>),
    /// then the LiveKit room, then live state, then LIVE. If anything after the row fails the stream is ERROR (which frees
    /// the name) and no room is left behind; a LiveKit failure is answered as <see cref="RoomNotCreated"/>, anything else is
    /// thrown. The caller going away does not stop it once the row exists.
    /// </summary>
    /// <param name="creatorDisplayName">The host's name in the live state until the host connects.</param>
    public async Task<LivestreamCreation> CreateAsync(Livestream stream, string creatorDisplayName, CancellationToken ct)
    {
        stream.LivekitRoomName = LiveKitRooms.NameFor(stream.RoomName, stream.Id);
        db.Livestreams.Add(stream);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolationOf(ConstraintNames.ActiveRoomName))
        {
            return new RoomNameTaken(stream.RoomName);
        }

        try
        {
            var room = await liveKit.CreateRoomAsync(new CreateRoomRequest
            {
                Name = stream.LivekitRoom,
                EmptyTimeout = (uint)stream.EmptyTimeout,
                MaxParticipants = (uint)stream.MaxParticipants,
                Metadata = stream.Metadata,
            }, CancellationToken.None);
            stream.LivekitRoomSid = room.Sid;
            stream.StartedAt = timeProvider.GetUtcNow().UtcDateTime;
            await liveState.InitializeAsync(stream.Id, stream.StartedAt.Value, stream.CreatedBy, creatorDisplayName,
                isPrivate: stream.Visibility == LivestreamVisibility.Private);
            stream.Status = LivestreamStatus.Live;
            await db.SaveChangesAsync(CancellationToken.None);
            return new LivestreamCreated(stream);
        }
        catch (Exception ex)
        {
            Log.CreateFailed(logger, stream.LivekitRoom, stream.Id, ex.Message);
            await MarkFailedAsync(stream, roomReachable: ex is not LiveKitUnavailableException);
            if (ex is LiveKitException liveKitError)
            {
                return new RoomNotCreated(stream, liveKitError);
            }
            throw;
        }
    }

    /// <summary>
    /// Ends a stream (tracked by this scope's context) by <see cref="LivestreamRules.EndAsync"/>: its LiveKit room goes (a room
    /// already gone is fine), and its live state ends. Room and live state are ended again on a repeat, so a retry after a
    /// partial failure completes the job. Not cancelled by the caller going away.
    /// </summary>
    public async Task EndAsync(Livestream stream)
    {
        await TryDeleteRoomAsync(stream.LivekitRoom);
        // Deleting the room disconnected everyone; room_finished would say so too, but not if it is lost.
        await LivestreamRules.EndAsync(db, stream, timeProvider.GetUtcNow().UtcDateTime, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await liveState.EndAsync(stream.Id);
        await ingressRevocation.RevokeEndedAsync(stream.Id, CancellationToken.None);
    }

    /// <summary>
    /// Edits an active stream (tracked by this scope's context). New metadata goes to its LiveKit room first, so a refusal
    /// changes nothing (a room already gone is fine: the stream is about to end); then the row. LiveKit keeps the maximum
    /// participants and empty timeout the room was created with (CreateRoom ignores new settings for a live room, and
    /// RoomService has no call to change them), so those are recorded here only.
    /// </summary>
    public async Task<LivestreamEdit> EditAsync(Livestream stream, LivestreamChanges changes, CancellationToken ct)
    {
        if (!stream.Status.IsActive())
        {
            return new StreamNotEditable(stream);
        }
        if (changes.Metadata is { } metadata && metadata != stream.Metadata)
        {
            try
            {
                await liveKit.UpdateRoomMetadataAsync(stream.LivekitRoom, metadata, ct);
            }
            catch (LiveKitNotFoundException)
            {
            }
            catch (LiveKitException ex)
            {
                return new RoomNotUpdated(ex);
            }
            stream.Metadata = metadata;
        }
        stream.Title = changes.Title ?? stream.Title;
        if (changes.Description is { } description)
        {
            stream.Description = description.Length == 0 ? null : description;
        }
        stream.MaxParticipants = changes.MaxParticipants ?? stream.MaxParticipants;
        stream.EmptyTimeout = changes.EmptyTimeout ?? stream.EmptyTimeout;
        await db.SaveChangesAsync(ct);
        return new LivestreamEdited(stream);
    }

    /// <summary>Streams SCHEDULED since before <paramref name="createdBefore"/> never started: ERROR, their rooms deleted.</summary>
    /// <returns>How many there were.</returns>
    public async Task<int> FailStuckScheduledAsync(DateTime createdBefore, CancellationToken ct)
    {
        var stuck = await db.Livestreams
            .Where(l => l.Status == LivestreamStatus.Scheduled && l.CreatedAt < createdBefore)
            .ToListAsync(ct);
        foreach (var stream in stuck)
        {
            // The row still holds the room name, so no other stream can be using a room of that name. A LiveKit failure
            // stops the run: the stream keeps the name until its room is known to be gone.
            try
            {
                await liveKit.DeleteRoomAsync(stream.LivekitRoom, ct);
            }
            catch (LiveKitNotFoundException)
            {
            }
            stream.Status = LivestreamStatus.Error;
        }
        await db.SaveChangesAsync(ct);
        return stuck.Count;
    }

    private async Task MarkFailedAsync(Livestream stream, bool roomReachable)
    {
        stream.Status = LivestreamStatus.Error;
        stream.StartedAt = null;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The original failure is what the caller hears about; a stuck SCHEDULED row is reconciled later.
            Log.MarkErrorFailed(logger, stream.Id, ex.Message);
        }
        if (roomReachable)
        {
            // The call may have created the room before failing (a lost reply); leave nothing behind.
            await TryDeleteRoomAsync(stream.LivekitRoom);
        }
    }

    private async Task TryDeleteRoomAsync(string room)
    {
        try
        {
            await liveKit.DeleteRoomAsync(room, CancellationToken.None);
        }
        catch (LiveKitNotFoundException)
        {
            // Already gone: that is what we wanted.
        }
        catch (LiveKitException ex)
        {
            // Reconciliation ends what LiveKit still holds; the caller's answer does not wait for it.
            Log.DeleteRoomFailed(logger, room, ex.Message);
        }
    }
}

/// <summary>What <see cref="LivestreamLifecycle.CreateAsync"/> came to.</summary>
public abstract record LivestreamCreation;

/// <summary>The stream is LIVE in its new room.</summary>
public sealed record LivestreamCreated(Livestream Stream) : LivestreamCreation;

/// <summary>Another active stream holds the room name; nothing was stored.</summary>
public sealed record RoomNameTaken(string RoomName) : LivestreamCreation;

/// <summary>LiveKit refused or could not be reached: the stream is ERROR and no room was left behind.</summary>
public sealed record RoomNotCreated(Livestream Stream, LiveKitException Error) : LivestreamCreation;

/// <summary>An edit of a stream: null leaves a field as it is; an empty description removes it.</summary>
public sealed record LivestreamChanges(string? Title, string? Description, int? MaxParticipants, int? EmptyTimeout, string? Metadata);

/// <summary>What <see cref="LivestreamLifecycle.EditAsync"/> came to.</summary>
public abstract record LivestreamEdit;

public sealed record LivestreamEdited(Livestream Stream) : LivestreamEdit;

/// <summary>The stream ended (or failed): nothing was changed.</summary>
public sealed record StreamNotEditable(Livestream Stream) : LivestreamEdit;

/// <summary>LiveKit refused the room's new metadata or could not be reached: nothing was changed.</summary>
public sealed record RoomNotUpdated(LiveKitException Error) : LivestreamEdit;
