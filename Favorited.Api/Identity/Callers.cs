using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Identity;

/// <summary>
/// Who is calling, the one way every endpoint asks. With accounts, the caller is the authenticated user, and a user id a body
/// still names (the original's <c>createdBy</c>, <c>userId</c>, <c>requestingUserId</c>) must be theirs. In compatibility mode
/// the body's id is the caller, as in the original.
/// </summary>
public sealed class Callers(IOptions<AuthOptions> options)
{
    /// <summary>Compatibility mode: bodies must name the caller, as the original required.</summary>
    public bool BodyNamesCaller => options.Value.Mode == AuthMode.Compatibility;

    /// <summary>
    /// The caller, or null when <paramref name="namedUserId"/> names someone else. Only for endpoints whose policy requires
    /// an identity, and, in compatibility mode, after the body's id was found present.
    /// </summary>
    /// <param name="namedDisplayName">Compatibility mode: the display name the body gives, if any.</param>
    public Caller? Identify(ClaimsPrincipal user, string? namedUserId, string? namedDisplayName = null)
    {
        if (BodyNamesCaller)
        {
            return new Caller(namedUserId!, namedDisplayName ?? namedUserId!, CallerKind.Account);
        }
        var caller = Caller.From(user) ?? throw new InvalidOperationException("The endpoint's policy let an anonymous caller through.");
        return string.IsNullOrEmpty(namedUserId) || namedUserId == caller.Id ? caller : null;
    }

    /// <summary>The caller if one is signed in (reads open to anyone); always null in compatibility mode.</summary>
    public Caller? Optional(ClaimsPrincipal user) => BodyNamesCaller ? null : Caller.From(user);
}
