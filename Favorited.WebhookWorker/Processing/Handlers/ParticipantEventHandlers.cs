using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.Sessions;

namespace Favorited.WebhookWorker.Processing.Handlers;

/// <summary>participant_joined and participant_left: a session change, then live state follows the session.</summary>
internal abstract class ParticipantEventHandler : IWebhookEventHandler
{
    public abstract string EventType { get; }

    // They read and write sessions only through the transaction's shared lookup (WebhookContext.Sessions).
    public bool CanBatch => true;

    /// <summary>Whether the event is a join: it shows the participant was there, even when no longer connected.</summary>
    protected abstract bool IsJoin { get; }

    public Task ApplyAsync(WebhookContext context, CancellationToken ct) =>
        context.Stream is { } stream && context.Event.Participant is { Sid.Length: > 0, Identity.Length: > 0 } participant
            && participant.Kind != ParticipantKinds.Egress
            ? RecordAsync(context.Sessions, stream, participant, context.Event.Room?.Sid, ReportedAt(context.Event), context.Now, ct)
            : Task.CompletedTask;

    /// <param name="reportedAt">When LiveKit sent the event, by its clock; null when the event does not say.</param>
    protected abstract Task RecordAsync(SessionLookup sessions, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime? reportedAt, DateTime now, CancellationToken ct);

    private static DateTime? ReportedAt(LiveKitWebhookEvent liveKitEvent) =>
        liveKitEvent.CreatedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(liveKitEvent.CreatedAt).UtcDateTime : null;

    /// <summary>
    /// Connected when the identity has a JOINED session bound to LiveKit; otherwise not. A viewer whose join was recorded
    /// but who is not connected now (the leave came first, or this is a replay of both after a crash) was still seen.
    /// </summary>
    public async Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken ct)
    {
        if (context.Stream is not { } stream || context.Event.Participant is not { Identity.Length: > 0 } participant
            || participant.Kind == ParticipantKinds.Egress)
        {
            return null;
        }
        var connected = await ParticipantSessions.FindConnectedAsync(context.Sessions, stream.Id, participant, ct);
        if (connected is not null)
        {
            return new ParticipantConnected(stream.Id, participant.Identity, connected.Role, connected.DisplayName);
        }
        // A banned user's connection is refused (removed at once), not a viewer seen.
        var seenViewer = IsJoin
            && ParticipantSessions.FindBySid(context.Sessions, stream.Id, participant.Sid)
                is { Role: ParticipantRole.Viewer, LeaveReason: not LeaveReason.Banned };
        return new ParticipantDisconnected(stream.Id, participant.Identity, seenViewer);
    }
}

internal sealed class ParticipantJoinedHandler(RoomServiceClient liveKit, ILogger<ParticipantJoinedHandler> logger) : ParticipantEventHandler
{
    public override string EventType => "participant_joined";
    protected override bool IsJoin => true;

    /// <summary>
    /// Records the connect; a banned user who connected all the same (with a join token from before the ban) is removed from
    /// the room at once. That call is made inside the transaction: it is rare, and a retried webhook repeats it harmlessly.
    /// </summary>
    protected override async Task RecordAsync(SessionLookup sessions, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime? reportedAt, DateTime now, CancellationToken ct)
    {
        if (await ParticipantSessions.RecordConnectAsync(sessions, stream, participant, roomSid, reportedAt, now, ct))
        {
            await BannedParticipants.RemoveAsync(liveKit, stream.LivekitRoom, participant.Identity, logger);
        }
    }
}

internal sealed class ParticipantLeftHandler : ParticipantEventHandler
{
    public override string EventType => "participant_left";
    protected override bool IsJoin => false;

    protected override Task RecordAsync(SessionLookup sessions, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime? reportedAt, DateTime now, CancellationToken ct) =>
        ParticipantSessions.RecordDisconnectAsync(sessions, stream, participant, roomSid, reportedAt, now, ct);
}
