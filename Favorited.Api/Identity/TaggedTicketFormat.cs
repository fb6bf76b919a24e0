using Microsoft.AspNetCore.Authentication;

namespace Favorited.Api.Identity;

/// <summary>
/// Prefixes the tokens a bearer scheme writes with a tag of its own, so the other scheme turns them away by looking: every
/// request with a policy is offered to both the account and the guest scheme, and a failed decryption throws inside data
/// protection, which on every guest request cost the Api measurably (docs/benchmarks.md). The protection itself is the
/// library's (<paramref name="inner"/>).
/// </summary>
internal sealed class TaggedTicketFormat(string tag, ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
{
    public string Protect(AuthenticationTicket data) => tag + inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => tag + inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) =>
        protectedText?.StartsWith(tag, StringComparison.Ordinal) == true ? inner.Unprotect(protectedText[tag.Length..]) : null;

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) =>
        protectedText?.StartsWith(tag, StringComparison.Ordinal) == true ? inner.Unprotect(protectedText[tag.Length..], purpose) : null;
}
