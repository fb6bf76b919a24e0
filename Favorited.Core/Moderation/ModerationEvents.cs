namespace Favorited.Core.Moderation;

// The data of the moderation announcements (StreamEvents), as records on the wire.

/// <param name="By">The host who removed them.</param>
public sealed record ParticipantRemoved(string UserId, string? Reason, string By);

/// <param name="Until">When the ban ends; null: for good.</param>
public sealed record ParticipantBanned(string UserId, string? Reason, DateTime? Until);

public sealed record ParticipantUnbanned(string UserId);

/// <param name="TrackSids">The tracks this action muted.</param>
public sealed record ParticipantMuted(string UserId, IReadOnlyList<string> TrackSids);
