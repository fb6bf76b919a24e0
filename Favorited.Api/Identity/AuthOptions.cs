using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Identity;

public enum AuthMode
{
    /// <summary>Callers are who their tokens say: built-in accounts, an external identity provider, server-issued guests.</summary>
    Accounts,

    /// <summary>
    /// The original's API: request bodies name the caller and nobody signs in. For the original's clients that cannot change
    /// yet; anyone can act as anyone.
    /// </summary>
    Compatibility,
}

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.Accounts;

    /// <summary>How long an account's access token is good for; a refresh token gets a new one.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    [Required, ValidateObjectMembers]
    public GuestOptions Guests { get; set; } = new();

    [Required, ValidateObjectMembers]
    public ExternalIdentityOptions External { get; set; } = new();
}

public sealed class GuestOptions
{
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a guest may keep renewing, from its start; then it needs a new guest identity.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>JWT bearer tokens from an OpenID Connect provider (Entra ID, Auth0, Keycloak…); off while <see cref="Authority"/> is unset.</summary>
public sealed class ExternalIdentityOptions
{
    /// <summary>The issuer, e.g. <c>https://login.example.com/realms/favorited</c>; its discovery document gives the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the tokens must be for (the Api's client id at the provider).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the name people see; <c>sub</c> is always the user id.</summary>
    [Required]
    public string DisplayNameClaim { get; set; } = "name";

    /// <summary>Only a development provider on plain http needs this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);
}
