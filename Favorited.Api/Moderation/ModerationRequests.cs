using Favorited.Api.Participants;
using Favorited.Core.Data;

namespace Favorited.Api.Moderation;

/// <summary>The checks every moderation and stage request shares.</summary>
public static class TargetRules
{
    public const int MaxReasonLength = 500;

    /// <returns>The problem with the user id, or null.</returns>
    public static string? CheckUserId(string? userId) =>
        string.IsNullOrWhiteSpace(userId) ? "userId is required"
        : userId.Length > JoinRequest.MaxUserIdLength ? $"userId must be at most {JoinRequest.MaxUserIdLength} characters"
        : null;

    public static string? CheckReason(string? reason) =>
        reason is not null && reason.Trim().Length > MaxReasonLength ? $"reason must be at most {MaxReasonLength} characters" : null;

    /// <summary>The reason as stored: trimmed, and none when blank.</summary>
    public static string? Normalize(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
}

public sealed record RemoveRequest(string? UserId, string? Reason)
{
    public string? Validate() => TargetRules.CheckUserId(UserId) ?? TargetRules.CheckReason(Reason);
}

/// <param name="DurationSeconds">How long the ban holds; left out, for good.</param>
public sealed record BanRequest(string? UserId, string? Reason, long? DurationSeconds)
{
    public const long MaxDurationSeconds = 366L * 24 * 3600;

    public string? Validate() => TargetRules.CheckUserId(UserId) ?? TargetRules.CheckReason(Reason)
        ?? (DurationSeconds is < 1 or > MaxDurationSeconds
            ? $"durationSeconds must be between 1 and {MaxDurationSeconds} (leave it out to ban for good)"
            : null);
}

/// <param name="TrackSid">The track to mute; left out, every track the participant publishes.</param>
public sealed record MuteRequest(string? UserId, string? TrackSid)
{
    public const int MaxTrackSidLength = 255;

    public string? Validate() => TargetRules.CheckUserId(UserId)
        ?? (TrackSid is not null && (string.IsNullOrWhiteSpace(TrackSid) || TrackSid.Length > MaxTrackSidLength)
            ? $"trackSid must be a track's sid of at most {MaxTrackSidLength} characters (leave it out to mute every track)"
            : null);
}

/// <param name="Until">Null: for good.</param>
/// <param name="LiftedAt">When the host lifted it; null while it holds.</param>
public sealed record BanResponse(string UserId, string? Reason, string CreatedBy, DateTime CreatedAt, DateTime? Until, DateTime? LiftedAt);

public sealed record ModerationActionResponse(Guid Id, ModerationActionKind Action, string ActorId, string TargetId, string? Reason,
    DateTime CreatedAt);

public static class ModerationMapping
{
    public static BanResponse ToResponse(this StreamBan ban) =>
        new(ban.UserId, ban.Reason, ban.CreatedBy, ban.CreatedAt, ban.Until, ban.LiftedAt);

    public static ModerationActionResponse ToResponse(this ModerationAction action) =>
        new(action.Id, action.Action, action.ActorId, action.TargetId, action.Reason, action.CreatedAt);
}
