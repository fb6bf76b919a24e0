using System.Text;
using System.Text.Json;
using Favorited.Api.Identity;
using Favorited.Core.Data;

namespace Favorited.Api.Participants;

public sealed record JoinRequest(string? UserId, string? DisplayName, string? Role, JsonElement? Metadata)
{
    public const int MaxUserIdLength = 128;
    private const int MaxDisplayNameLength = FavoritedUser.MaxDisplayNameLength;
    private const int MaxLiveKitBytes = DisplayNames.MaxLiveKitBytes;

    /// <summary>The role, or null with the first problem in the original's order and words.</summary>
    /// <param name="bodyNamesCaller">Compatibility mode: the body names the user and their display name, as in the original.</param>
    public (ParticipantRole? Role, string? Error) Validate(bool bodyNamesCaller)
    {
        if (bodyNamesCaller && string.IsNullOrWhiteSpace(UserId))
        {
            return (null, "User ID is required");
        }
        if (bodyNamesCaller && string.IsNullOrWhiteSpace(DisplayName))
        {
            return (null, "Display name is required");
        }
        if (!EnumLabels.TryParse<ParticipantRole>(Role, out var role))
        {
            return (null, "Role must be either HOST or VIEWER");
        }
        var error = bodyNamesCaller && (UserId!.Length > MaxUserIdLength || Encoding.UTF8.GetByteCount(UserId) > MaxLiveKitBytes)
                ? $"User ID must be at most {MaxUserIdLength} characters ({MaxLiveKitBytes} bytes)"
            : bodyNamesCaller && (DisplayName!.Length > MaxDisplayNameLength || Encoding.UTF8.GetByteCount(DisplayName) > MaxLiveKitBytes)
                ? $"Display name must be at most {MaxDisplayNameLength} characters ({MaxLiveKitBytes} bytes)"
            : Infrastructure.Metadata.Validate(Metadata);
        return error is null ? (role, null) : (null, error);
    }
}

public sealed record LeaveRequest(string? UserId);
