using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Livestreams;
using Favorited.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Favorited.Core.Chat;

/// <summary>
/// A livestream's chat: who may post and what, history, and the host's deletes and settings. Each change is committed in
/// PostgreSQL, then announced to the stream's SSE subscribers (<see cref="IStreamAnnouncer"/>), so the event's data is what the
/// REST answer says.
/// </summary>
public sealed class StreamChat(FavoritedDbContext db, IStreamAnnouncer announcer, TimeProvider timeProvider, IOptions<ChatOptions> options)
{
    public const int DefaultHistoryLimit = 50;
    public const int MaxHistoryLimit = 100;

    /// <summary>
    /// Posts when the stream is LIVE, its chat on, the author in it (a JOINED session), a guest
    /// only where guests may chat (<see cref="ChatPostStatement"/>: one round trip).
    /// </summary>
    public async Task<ChatPost> PostAsync(Guid streamId, ChatAuthor author, string? text, CancellationToken ct)
    {
        var (stored, problem) = ChatText.Normalize(text, options.Value.MaxLength);
        if (stored is null)
        {
            return new ChatTextRefused(problem!);
        }
        var message = new ChatMessage
        {
            LivestreamId = streamId,
            UserId = author.UserId,
            DisplayName = author.DisplayName,
            Text = stored,
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        // The statement inserts only when none of these refusals applies; they say why it did not, in this order (so a stream
        // that ended says so rather than that nobody is in it), and must stay in step with its WHERE.
        var attempt = await ChatPostStatement.TryInsertAsync(db, message, author.IsGuest, ct);
        ChatPost? refused = attempt switch
        {
            null or { Visible: false } => new ChatStreamNotFound(),
            { Status: not LivestreamStatus.Live } => new ChatStreamNotLive(),
            { ChatEnabled: false } => new ChatPostForbidden("Chat is turned off for this livestream"),
            { GuestsMayChat: false } when author.IsGuest =>
                new ChatPostForbidden("Guests may not chat in this livestream: sign up or sign in to chat"),
            // A ban ends the user's sessions and refuses their joins, so only someone not in the stream can be banned: asked
            // only then, to say why, and the post costs one round trip.
            { Joined: false } => await StreamBans.IsBannedAsync(db, streamId, author.UserId, message.CreatedAt, ct)
                ? new ChatPostForbidden("You are banned from this livestream")
                : new ChatPostForbidden("Join the livestream to chat in it"),
            { MessageId: null } => throw new InvalidOperationException("The chat statement refused a post its rules allow."),
            _ => null,
        };
        if (refused is not null)
        {
            return refused;
        }
        message.Id = attempt!.MessageId!.Value;
        var response = ChatMessageResponse.From(message);
        await announcer.AnnounceAsync(streamId, StreamEvents.ChatMessage, response);
        return new ChatPosted(response);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> messages before <paramref name="before"/> (or the newest), oldest first, deleted ones
    /// left out; null when the viewer may not see the stream.
    /// </summary>
    public async Task<List<ChatMessageResponse>?> HistoryAsync(Guid streamId, string? viewerId, long? before, int limit, CancellationToken ct)
    {
        if (!await LivestreamAccess.CanSeeAsync(db, streamId, viewerId, ct))
        {
            return null;
        }
        var page = await db.ChatMessages.AsNoTracking()
            .Where(m => m.LivestreamId == streamId && m.DeletedAt == null && (before == null || m.Id < before))
            .OrderByDescending(m => m.Id)
            .Take(limit)
            .Select(m => new ChatMessageResponse(m.Id, m.LivestreamId, m.UserId, m.DisplayName, m.Text, m.CreatedAt))
            .ToListAsync(ct);
        page.Reverse();
        return page;
    }

    /// <summary>The host deletes a message: it leaves history, and subscribers are told (the first time only).</summary>
    public async Task<ChatHostAction> DeleteAsync(Guid streamId, string callerId, long messageId, CancellationToken ct)
    {
        var stream = await FindAsync(streamId, callerId, ct);
        if (stream is null || stream.CreatedBy != callerId)
        {
            return stream is null ? new ChatHostStreamNotFound() : new ChatNotHost();
        }
        var message = await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == messageId && m.LivestreamId == streamId, ct);
        if (message is null)
        {
            return new ChatMessageNotFound();
        }
        var deletion = new ChatMessageDeletedResponse(message.Id, message.DeletedBy ?? callerId);
        if (message.DeletedAt is not null)
        {
            return new ChatMessageRemoved(deletion);
        }
        message.DeletedAt = timeProvider.GetUtcNow().UtcDateTime;
        message.DeletedBy = callerId;
        await db.SaveChangesAsync(ct);
        await announcer.AnnounceAsync(streamId, StreamEvents.ChatMessageDeleted, deletion);
        return new ChatMessageRemoved(deletion);
    }

    /// <returns>The settings, or null when the viewer may not see the stream.</returns>
    public async Task<ChatSettingsResponse?> GetSettingsAsync(Guid streamId, string? viewerId, CancellationToken ct) =>
        await FindAsync(streamId, viewerId, ct) is { } stream ? new ChatSettingsResponse(stream.ChatEnabled, stream.GuestsMayChat) : null;

    public async Task<ChatHostAction> UpdateSettingsAsync(Guid streamId, string callerId, ChatSettingsResponse settings, CancellationToken ct)
    {
        var stream = await FindAsync(streamId, callerId, ct);
        if (stream is null || stream.CreatedBy != callerId)
        {
            return stream is null ? new ChatHostStreamNotFound() : new ChatNotHost();
        }
        await db.Livestreams.Where(l => l.Id == streamId).ExecuteUpdateAsync(set => set
            .SetProperty(l => l.ChatEnabled, settings.Enabled)
            .SetProperty(l => l.GuestsMayChat, settings.GuestsMayChat)
            .SetProperty(l => l.UpdatedAt, timeProvider.GetUtcNow().UtcDateTime), ct);
        await announcer.AnnounceAsync(streamId, StreamEvents.ChatSettings, settings);
        return new ChatSettingsChanged(settings);
    }

    private Task<ChatStream?> FindAsync(Guid streamId, string? viewerId, CancellationToken ct) =>
        db.Livestreams.AsNoTracking().Where(l => l.Id == streamId).VisibleTo(db, viewerId)
            .Select(l => new ChatStream(l.CreatedBy, l.ChatEnabled, l.GuestsMayChat))
            .SingleOrDefaultAsync(ct);

    private sealed record ChatStream(string CreatedBy, bool ChatEnabled, bool GuestsMayChat);
}
