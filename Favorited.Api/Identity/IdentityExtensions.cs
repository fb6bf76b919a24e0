using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Core.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class IdentityExtensions
{
    /// <summary>
    /// Who may call what (see <see cref="Policies"/>): built-in accounts (ASP.NET Core Identity on the product's PostgreSQL,
    /// whose bearer tokens every replica can read, since the key ring protecting them is in PostgreSQL too), guests, and JWTs
    /// from an external OpenID Connect provider when one is configured. Compatibility mode turns every check off.
    /// </summary>
    public static void AddFavoritedIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Which schemes exist is decided at registration, so it is read here too (and validated above all the same).
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        string[] operators = builder.Configuration.GetSection("Health:Operators").Get<string[]>() ?? [];
        services.AddSingleton<Callers>();
        services.AddHealthChecks().AddCheck<AuthModeHealthCheck>("auth");

        services.AddDataProtection()
            .SetApplicationName("Favorited")
            .PersistKeysToDbContext<FavoritedDbContext>();

        services.AddIdentityCore<FavoritedUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
            })
            .AddEntityFrameworkStores<FavoritedDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();

        var authentication = services.AddAuthentication()
            .AddBearerToken(AuthSchemes.Account)
            .AddBearerToken(AuthSchemes.Guest);
        services.AddOptions<BearerTokenOptions>(AuthSchemes.Account).Configure<IOptions<AuthOptions>>((tokens, options) =>
        {
            tokens.BearerTokenExpiration = options.Value.AccessTokenLifetime;
            tokens.RefreshTokenExpiration = options.Value.RefreshTokenLifetime;
            Tag(tokens, "a.");
        });
        services.AddOptions<BearerTokenOptions>(AuthSchemes.Guest).Configure<IOptions<AuthOptions>>((tokens, options) =>
        {
            tokens.BearerTokenExpiration = options.Value.Guests.AccessTokenLifetime;
            tokens.RefreshTokenExpiration = options.Value.Guests.RefreshTokenLifetime;
            Tag(tokens, "g.");
        });
        if (auth.External.IsEnabled)
        {
            authentication.AddJwtBearer(AuthSchemes.External, jwt => ConfigureExternal(jwt, auth.External));
        }

        string[] schemes = auth.External.IsEnabled
            ? [AuthSchemes.Account, AuthSchemes.Guest, AuthSchemes.External]
            : [AuthSchemes.Account, AuthSchemes.Guest];
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Account, policy => Require(policy, auth.Mode, schemes, account: true))
            .AddPolicy(Policies.Participant, policy => Require(policy, auth.Mode, schemes, account: false))
            .AddPolicy(Policies.Anyone, policy => policy.AddAuthenticationSchemes(schemes).RequireAssertion(_ => true))
            // Not relaxed in compatibility mode: there, only Development shows health details.
            .AddPolicy(Policies.HealthDetails, policy => policy.AddAuthenticationSchemes(schemes).RequireAssertion(context =>
                Caller.From(context.User) is { Kind: not CallerKind.Guest } caller && operators.Contains(caller.Id)));
    }

    /// <summary>Compatibility mode is said loudly at start-up (and on <c>/health</c>, see <see cref="AuthModeHealthCheck"/>).</summary>
    public static void WarnInCompatibilityMode(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.Compatibility)
        {
            Favorited.Api.Log.CompatibilityModeOn(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Favorited.Api.Identity"));
        }
    }

    // Every scheme is tried on every request that has a policy, so a guest is known (and refused with 403) where only
    // accounts may go; a token no scheme accepts leaves the caller anonymous (401 where an identity is needed).
    private static AuthorizationPolicyBuilder Require(AuthorizationPolicyBuilder policy, AuthMode mode, string[] schemes, bool account)
    {
        if (mode == AuthMode.Compatibility)
        {
            return policy.RequireAssertion(_ => true);
        }
        policy.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser();
        return account ? policy.RequireAssertion(context => Caller.From(context.User)?.Kind != CallerKind.Guest) : policy;
    }

    // Runs after AddBearerToken's own configuration has made the protectors, so they are there to wrap.
    private static void Tag(BearerTokenOptions tokens, string tag)
    {
        tokens.BearerTokenProtector = new TaggedTicketFormat(tag, tokens.BearerTokenProtector);
        tokens.RefreshTokenProtector = new TaggedTicketFormat(tag, tokens.RefreshTokenProtector);
        tokens.Events.OnMessageReceived = context => UseEventStreamToken(context.Request, token => context.Token = token);
    }

    /// <summary>
    /// A browser's EventSource cannot send an Authorization header, so an event stream (<c>…/events</c>) may carry the access
    /// token as <c>?access_token=</c>, as SignalR's do; anywhere else the header is the only way. The short life of access
    /// tokens bounds what a URL that ends up in a log can do.
    /// </summary>
    private static Task UseEventStreamToken(HttpRequest request, Action<string> useToken)
    {
        if (HttpMethods.IsGet(request.Method) && request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true
            && request.Query["access_token"].ToString() is { Length: > 0 } token
            && !request.Headers.Authorization.Any())
        {
            useToken(token);
        }
        return Task.CompletedTask;
    }

    private static void ConfigureExternal(JwtBearerOptions jwt, ExternalIdentityOptions external)
    {
        jwt.Authority = external.Authority;
        jwt.Audience = external.Audience;
        jwt.RequireHttpsMetadata = external.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                UseEventStreamToken(context.Request, token => context.Token = token);
                // The account and guest schemes' tokens are not JWTs (three dot-separated parts): not worth a parse that throws.
                string authorization = context.Request.Headers.Authorization.ToString();
                var token = context.Token
                    ?? (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null);
                if (token is not null && token.Count(c => c == '.') != 2)
                {
                    context.NoResult();
                }
                return Task.CompletedTask;
            },
            // The provider's claims become the ones every scheme's principal carries (see Caller).
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is not ClaimsIdentity identity || identity.FindFirst("sub")?.Value is not { Length: > 0 } subject)
                {
                    context.Fail("The token has no subject (sub).");
                    return Task.CompletedTask;
                }
                if (subject.StartsWith(AccountsApi.GuestIdPrefix, StringComparison.Ordinal))
                {
                    context.Fail("A subject that reads as a guest id is not accepted.");
                    return Task.CompletedTask;
                }
                // Who the caller is comes from sub alone: any claim of the provider's that would say otherwise goes.
                foreach (var claim in identity.Claims
                    .Where(claim => claim.Type.StartsWith("favorited:", StringComparison.Ordinal) || claim.Type == ClaimTypes.NameIdentifier).ToList())
                {
                    identity.RemoveClaim(claim);
                }
                var displayName = identity.FindFirst(external.DisplayNameClaim)?.Value
                    ?? identity.FindFirst("preferred_username")?.Value
                    ?? subject;
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject));
                identity.AddClaim(new Claim(FavoritedClaims.DisplayName, displayName));
                identity.AddClaim(new Claim(FavoritedClaims.Kind, nameof(CallerKind.External)));
                return Task.CompletedTask;
            },
        };
    }
}
