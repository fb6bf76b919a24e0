using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Microsoft.EntityFrameworkCore;

namespace Favorited.WebhookWorker.Processing.Handlers;

/// <summary>participant_joined and participant_left: a session change, then live state follows the session.</summary>
internal abstract class ParticipantEventHandler : IWebhookEventHandler
{
    public abstract string EventType { get; }

    public Task ApplyAsync(WebhookContext context, CancellationToken ct) =>
        context.Stream is { } stream && context.Event.Participant is { Sid.Length: > 0, Identity.Length: > 0 } participant
            ? RecordAsync(context.Db, stream, participant, context.Event.Room?.Sid, context.Now, ct)
            : Task.CompletedTask;

    protected abstract Task RecordAsync(FavoritedDbContext db, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime now, CancellationToken ct);

    /// <summary>Connected when the identity has a JOINED session bound to LiveKit; otherwise not.</summary>
    public async Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken ct)
    {
        if (context.Stream is not { } stream || context.Event.Participant is not { Identity.Length: > 0 } participant)
        {
            return null;
        }
        var connected = await context.Db.Participants
            .Where(p => p.LivestreamId == stream.Id && p.UserId == participant.Identity
                && p.Status == ParticipantStatus.Joined && p.LivekitParticipantSid != null)
            .Select(p => new { p.Role, p.DisplayName })
            .FirstOrDefaultAsync(ct);
        return connected is null
            ? new ParticipantDisconnected(stream.Id, participant.Identity)
            : new ParticipantConnected(stream.Id, participant.Identity, connected.Role, connected.DisplayName);
    }
}

internal sealed class ParticipantJoinedHandler : ParticipantEventHandler
{
    public override string EventType => "participant_joined";

    protected override Task RecordAsync(FavoritedDbContext db, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime now, CancellationToken ct) =>
        ParticipantSessions.RecordConnectAsync(db, stream, participant, roomSid, now, ct);
}

internal sealed class ParticipantLeftHandler : ParticipantEventHandler
{
    public override string EventType => "participant_left";

    protected override Task RecordAsync(FavoritedDbContext db, Livestream stream, WebhookParticipant participant,
        string? roomSid, DateTime now, CancellationToken ct) =>
        ParticipantSessions.RecordDisconnectAsync(db, stream, participant, roomSid, now, ct);
}
