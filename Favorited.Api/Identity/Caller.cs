using System.Security.Claims;

namespace Favorited.Api.Identity;

public enum CallerKind
{
    Account,
    External,
    Guest,
}

/// <summary>Who is calling: the user id every table and LiveKit token knows them by, and the name other people see.</summary>
public sealed record Caller(string Id, string DisplayName, CallerKind Kind)
{
    /// <summary>Read from the claims every scheme's principal carries (see <see cref="FavoritedClaims"/>); null when anonymous.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } id)
        {
            return null;
        }
        var kind = Enum.TryParse<CallerKind>(user.FindFirstValue(FavoritedClaims.Kind), out var said) ? said : CallerKind.Account;
        return new Caller(id, user.FindFirstValue(FavoritedClaims.DisplayName) ?? id, kind);
    }
}

public static class FavoritedClaims
{
    public const string DisplayName = "favorited:display_name";

    /// <summary>A <see cref="CallerKind"/>; an account's principal (made by Identity) has none.</summary>
    public const string Kind = "favorited:kind";

    /// <summary>When a guest identity started (Unix seconds): it renews for a bounded time from then.</summary>
    public const string IssuedAt = "favorited:issued_at";
}
