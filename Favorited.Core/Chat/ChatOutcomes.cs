namespace Favorited.Core.Chat;

/// <summary>Who posts: their id and display name as the caller's now, and whether they are a guest.</summary>
public sealed record ChatAuthor(string UserId, string DisplayName, bool IsGuest);

/// <summary>What <see cref="StreamChat.PostAsync"/> came to.</summary>
public abstract record ChatPost;

public sealed record ChatPosted(ChatMessageResponse Message) : ChatPost;

/// <summary>The text breaks <see cref="ChatText"/>; the problem names <c>text</c>.</summary>
public sealed record ChatTextRefused(string Problem) : ChatPost;

/// <summary>No such stream, or one the author may not see.</summary>
public sealed record ChatStreamNotFound : ChatPost;

public sealed record ChatStreamNotLive : ChatPost;

/// <summary>The author may not post here (not joined, chat off, a guest where guests may not chat, banned): the reason says which.</summary>
public sealed record ChatPostForbidden(string Reason) : ChatPost;

/// <summary>What a host's change (<see cref="StreamChat.DeleteAsync"/>, <see cref="StreamChat.UpdateSettingsAsync"/>) came to.</summary>
public abstract record ChatHostAction;

public sealed record ChatMessageRemoved(ChatMessageDeletedResponse Deletion) : ChatHostAction;

public sealed record ChatSettingsChanged(ChatSettingsResponse Settings) : ChatHostAction;

/// <summary>No such stream, or one the caller may not see.</summary>
public sealed record ChatHostStreamNotFound : ChatHostAction;

/// <summary>The caller sees the stream but did not create it.</summary>
public sealed record ChatNotHost : ChatHostAction;

/// <summary>The stream has no message with that id.</summary>
public sealed record ChatMessageNotFound : ChatHostAction;
