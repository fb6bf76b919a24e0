using Microsoft.AspNetCore.Identity;

namespace Favorited.Core.Data;

/// <summary>A built-in account (ASP.NET Core Identity); its id is the user id the rest of Favorited knows it by.</summary>
public sealed class FavoritedUser : IdentityUser
{
    public const int MaxDisplayNameLength = 100;

    /// <summary>What other people see, and the name in the user's LiveKit join tokens.</summary>
    public string DisplayName { get; set; } = "";
}
