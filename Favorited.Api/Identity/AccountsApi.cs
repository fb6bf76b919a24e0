using System.Globalization;
using System.Security.Claims;
using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Identity;

/// <summary>
/// Built-in accounts and guest identities. Sign-in, refresh and guest answers are ASP.NET Core Identity's bearer token
/// response (<c>tokenType</c>, <c>accessToken</c>, <c>expiresIn</c>, <c>refreshToken</c>), written by its bearer token handler.
/// </summary>
public static class AccountsApi
{
    public const string GuestIdPrefix = "guest:";

    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Accounts");

        api.MapPost("/register", Register).AllowAnonymous().RequireRateLimiting(RateLimits.Identity);
        api.MapPost("/login", SignIn).AllowAnonymous().RequireRateLimiting(RateLimits.Identity)
            .Produces<AccessTokenResponse>();
        api.MapPost("/guest", StartGuest).AllowAnonymous().RequireRateLimiting(RateLimits.Identity)
            .Produces<AccessTokenResponse>();
        api.MapPost("/refresh", Refresh).AllowAnonymous()
            .Produces<AccessTokenResponse>();
        api.MapPost("/logout", SignOut).RequireAuthorization(Policies.Account);
        api.MapGet("/me", GetMe).RequireAuthorization(Policies.Participant);
        api.MapPatch("/me", UpdateMe).RequireAuthorization(Policies.Account);

        return api;
    }

    public static async Task<Results<Created<DataResponse<AccountResponse>>, BadRequest<ErrorResponse>, Conflict<ErrorResponse>>> Register(
        RegisterRequest? request, UserManager<FavoritedUser> users)
    {
        if (string.IsNullOrWhiteSpace(request?.Email))
        {
            return ApiError.Validation("Email is required");
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            return ApiError.Validation("Password is required");
        }
        if (DisplayNames.Validate(request.DisplayName) is { } problem)
        {
            return ApiError.Validation(problem);
        }

        var user = new FavoritedUser { UserName = request.Email.Trim(), Email = request.Email.Trim(), DisplayName = request.DisplayName!.Trim() };
        var result = await users.CreateAsync(user, request.Password);
        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return ApiError.Conflict("An account with this email already exists");
        }
        if (!result.Succeeded)
        {
            return ApiError.Validation(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return TypedResults.Created("/api/v1/auth/me", new DataResponse<AccountResponse>(ToResponse(user)));
    }

    public static async Task<Results<SignInHttpResult, BadRequest<ErrorResponse>, EnvelopeError<Status401>>> SignIn(
        SignInRequest? request, UserManager<FavoritedUser> users, SignInManager<FavoritedUser> signIns)
    {
        if (string.IsNullOrWhiteSpace(request?.Email) || string.IsNullOrEmpty(request.Password))
        {
            return ApiError.Validation("Email and password are required");
        }
        var user = await users.FindByEmailAsync(request.Email.Trim());
        var check = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIns.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return ApiError.Unauthenticated("Too many failed sign-ins; try again in a few minutes");
        }
        if (!check.Succeeded)
        {
            return ApiError.Unauthenticated("Invalid email or password");
        }
        return TypedResults.SignIn(await signIns.CreateUserPrincipalAsync(user!), authenticationScheme: AuthSchemes.Account);
    }

    /// <summary>A guest identity for watching public streams without an account: a VIEWER at most.</summary>
    public static Results<SignInHttpResult, BadRequest<ErrorResponse>> StartGuest(GuestRequest? request, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        var id = GuestIdPrefix + Guid.NewGuid().ToString("N");
        if (request?.DisplayName is not null && DisplayNames.Validate(request.DisplayName) is { } problem)
        {
            return ApiError.Validation(problem);
        }
        var displayName = request?.DisplayName?.Trim() ?? $"Guest {id[GuestIdPrefix.Length..(GuestIdPrefix.Length + 4)]}";
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, id),
            new Claim(FavoritedClaims.DisplayName, displayName),
            new Claim(FavoritedClaims.Kind, nameof(CallerKind.Guest)),
            new Claim(FavoritedClaims.IssuedAt, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ], AuthSchemes.Guest);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: AuthSchemes.Guest);
    }

    /// <summary>
    /// New tokens for a refresh token: an account's only while its security stamp is unchanged (signing out changes it), a
    /// guest's for as long as the refresh token lives.
    /// </summary>
    public static async Task<Results<SignInHttpResult, BadRequest<ErrorResponse>, EnvelopeError<Status401>>> Refresh(
        RefreshRequest? request, IOptionsMonitor<BearerTokenOptions> tokens, SignInManager<FavoritedUser> signIns, IOptions<AuthOptions> options,
        TimeProvider timeProvider)
    {
        if (string.IsNullOrEmpty(request?.RefreshToken))
        {
            return ApiError.Validation("refreshToken is required");
        }
        var now = timeProvider.GetUtcNow();
        if (Unexpired(tokens.Get(AuthSchemes.Account).RefreshTokenProtector.Unprotect(request.RefreshToken), now) is { } account)
        {
            return await signIns.ValidateSecurityStampAsync(account.Principal) is { } user
                ? TypedResults.SignIn(await signIns.CreateUserPrincipalAsync(user), authenticationScheme: AuthSchemes.Account)
                : ApiError.Unauthenticated("The session has ended; sign in again");
        }
        // A guest renews within Guests:RefreshTokenLifetime of its start, not forever: then it starts anew.
        if (Unexpired(tokens.Get(AuthSchemes.Guest).RefreshTokenProtector.Unprotect(request.RefreshToken), now) is { } guest
            && long.TryParse(guest.Principal.FindFirstValue(FavoritedClaims.IssuedAt), CultureInfo.InvariantCulture, out var issuedAt)
            && now < DateTimeOffset.FromUnixTimeSeconds(issuedAt) + options.Value.Guests.RefreshTokenLifetime)
        {
            return TypedResults.SignIn(new ClaimsPrincipal(guest.Principal.Identities), authenticationScheme: AuthSchemes.Guest);
        }
        return ApiError.Unauthenticated("The refresh token is invalid or expired");
    }

    /// <summary>Ends every session of the account: refresh tokens stop working; access tokens lapse within their short life.</summary>
    public static async Task<Ok<MessageResponse>> SignOut(ClaimsPrincipal principal, UserManager<FavoritedUser> users)
    {
        if (Caller.From(principal)?.Kind == CallerKind.Account && await users.GetUserAsync(principal) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        return TypedResults.Ok(new MessageResponse("Signed out"));
    }

    public static async Task<Ok<DataResponse<AccountResponse>>> GetMe(ClaimsPrincipal principal, UserManager<FavoritedUser> users)
    {
        var caller = Caller.From(principal)!;
        var user = caller.Kind == CallerKind.Account ? await users.GetUserAsync(principal) : null;
        return TypedResults.Ok(new DataResponse<AccountResponse>(user is null
            ? new AccountResponse(caller.Id, caller.DisplayName, caller.Kind, null)
            : ToResponse(user)));
    }

    /// <summary>Changes a built-in account's display name; tokens carry it from their next refresh.</summary>
    public static async Task<Results<Ok<DataResponse<AccountResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>>> UpdateMe(
        UpdateAccountRequest? request, ClaimsPrincipal principal, UserManager<FavoritedUser> users)
    {
        if (Caller.From(principal)?.Kind != CallerKind.Account || await users.GetUserAsync(principal) is not { } user)
        {
            return ApiError.Forbidden("The identity provider keeps this account's display name");
        }
        if (DisplayNames.Validate(request?.DisplayName) is { } problem)
        {
            return ApiError.Validation(problem);
        }
        user.DisplayName = request!.DisplayName!.Trim();
        var result = await users.UpdateAsync(user);
        return result.Succeeded
            ? TypedResults.Ok(new DataResponse<AccountResponse>(ToResponse(user)))
            : ApiError.Validation(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static AuthenticationTicket? Unexpired(AuthenticationTicket? ticket, DateTimeOffset now) =>
        ticket?.Properties.ExpiresUtc is { } expires && now < expires ? ticket : null;

    private static AccountResponse ToResponse(FavoritedUser user) => new(user.Id, user.DisplayName, CallerKind.Account, user.Email);
}
