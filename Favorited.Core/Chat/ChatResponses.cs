using Favorited.Core.Data;

namespace Favorited.Core.Chat;

/// <summary>A chat message on the wire: the data of <c>POST …/chat</c>, of each history item and of the SSE <c>chat_message</c> event.</summary>
public sealed record ChatMessageResponse(long Id, Guid StreamId, string UserId, string DisplayName, string Text, DateTime CreatedAt)
{
    public static ChatMessageResponse From(ChatMessage message) =>
        new(message.Id, message.LivestreamId, message.UserId, message.DisplayName, message.Text, message.CreatedAt);
}

/// <summary>The answer to a host's delete, and the SSE <c>chat_message_deleted</c> event.</summary>
public sealed record ChatMessageDeletedResponse(long Id, string DeletedBy);

/// <summary>A stream's chat settings, and the SSE <c>chat_settings</c> event.</summary>
public sealed record ChatSettingsResponse(bool Enabled, bool GuestsMayChat);
