using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Favorited.Api.Tests.Identity;

/// <summary>
/// An OpenID Connect provider as far as an API sees one: a discovery document and its signing keys on loopback, and JWTs
/// signed with them (by IdentityModel's token handler), so the Api's JWT bearer scheme runs exactly as against Keycloak or Entra ID.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string Audience = "favorited-api";
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private TestIdentityProvider(WebApplication app, RsaSecurityKey key, string authority)
    {
        _app = app;
        _key = key;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<TestIdentityProvider> StartAsync(CancellationToken ct)
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var authority = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = authority,
                ["jwks_uri"] = $"{authority}/jwks",
                ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            });
        });
        app.MapGet("/jwks", () =>
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["alg"] = SecurityAlgorithms.RsaSha256,
                        ["kid"] = key.KeyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestIdentityProvider(app, key, address.TrimEnd('/'));
    }

    /// <summary>A token as the provider would issue it; each argument can be made wrong on purpose.</summary>
    public string Issue(string subject, IDictionary<string, object>? claims = null, string audience = Audience,
        TimeSpan? lifetime = null, SecurityKey? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var all = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()) { ["sub"] = subject };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = all,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = now.AddMinutes(-10),
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = new SigningCredentials(signingKey ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
