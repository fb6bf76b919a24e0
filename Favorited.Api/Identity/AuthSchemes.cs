using Microsoft.AspNetCore.Identity;

namespace Favorited.Api.Identity;

/// <summary>The ways a caller can prove who they are, and who may call what.</summary>
public static class AuthSchemes
{
    /// <summary>Built-in accounts: ASP.NET Core Identity's bearer tokens (protected by the shared key ring).</summary>
    public static readonly string Account = IdentityConstants.BearerScheme;

    /// <summary>Server-issued guest identities: bearer tokens of their own, shorter-lived.</summary>
    public const string Guest = "Guest";

    /// <summary>JWT bearer tokens from the configured OpenID Connect provider.</summary>
    public const string External = "External";
}

public static class Policies
{
    /// <summary>Someone with an account (built-in or external); not a guest.</summary>
    public const string Account = "account";

    /// <summary>Anyone with an identity, guests included: joining and leaving.</summary>
    public const string Participant = "participant";

    /// <summary>Anyone, signed in or not (reads); a caller with a token is still known.</summary>
    public const string Anyone = "anyone";

    /// <summary>Operators (accounts listed in <c>Health:Operators</c>): <c>/health</c> shows them each component's details.</summary>
    public const string HealthDetails = "health-details";
}
