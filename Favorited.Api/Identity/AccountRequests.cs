using System.Text;
using Favorited.Core.Data;

namespace Favorited.Api.Identity;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record SignInRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record GuestRequest(string? DisplayName);

public sealed record UpdateAccountRequest(string? DisplayName);

/// <param name="Email">Built-in accounts only.</param>
public sealed record AccountResponse(string Id, string DisplayName, CallerKind Kind, string? Email);

public static class DisplayNames
{
    /// <summary>LiveKit refuses identities and names over 256 UTF-8 bytes at connect time.</summary>
    public const int MaxLiveKitBytes = 256;

    /// <summary>The first problem with a display name someone chose, or null.</summary>
    public static string? Validate(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? "Display name is required"
        : displayName.Trim().Length > FavoritedUser.MaxDisplayNameLength || Encoding.UTF8.GetByteCount(displayName.Trim()) > MaxLiveKitBytes
            ? $"Display name must be at most {FavoritedUser.MaxDisplayNameLength} characters ({MaxLiveKitBytes} bytes)"
        : null;
}
