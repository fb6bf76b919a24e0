using System.Security.Claims;
using Favorited.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Identity;

/// <summary>An account's principal also carries its display name, so a request knows it without reading the database.</summary>
public sealed class AccountClaimsFactory(UserManager<FavoritedUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<FavoritedUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(FavoritedUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(FavoritedClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
