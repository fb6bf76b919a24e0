using System.Net;
using System.Security.Cryptography;
using Favorited.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Favorited.Api.Tests.Identity;

/// <summary>An external OpenID Connect provider's JWTs: the user id from <c>sub</c>, the display name from the configured claim.</summary>
public sealed class ExternalIdentityFixture(TestServers servers) : AccountsFixture(servers)
{
    public TestIdentityProvider Provider { get; private set; } = null!;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(GenerousRateLimits)
    {
        ["Auth:External:Authority"] = Provider.Authority,
        ["Auth:External:Audience"] = TestIdentityProvider.Audience,
        ["Auth:External:DisplayNameClaim"] = "nickname",
        ["Auth:External:RequireHttpsMetadata"] = "false",
    };

    public override async ValueTask InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync(TestContext.Current.CancellationToken);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public sealed class ExternalIdentityTests(ExternalIdentityFixture fixture) : IClassFixture<ExternalIdentityFixture>
{
    [Fact]
    public async Task AProvidersTokenActsAsItsSubjectWithTheConfiguredDisplayName()
    {
        var subject = $"kc-{Guid.NewGuid():N}";
        var token = fixture.Provider.Issue(subject, new Dictionary<string, object> { ["nickname"] = "Kay", ["name"] = "Kay Full Name" });

        using var me = await fixture.SendAsync(HttpMethod.Get, "/api/v1/auth/me", token);
        var account = (await ApiFixture.ReadJsonAsync(me)).GetProperty("data");
        using var created = await fixture.SendAsync(HttpMethod.Post, "/api/v1/livestreams", token, new { roomName = $"ext-{Guid.NewGuid():N}", title = "t" });
        var stream = (await ApiFixture.ReadJsonAsync(created)).GetProperty("data");
        using var join = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream.GetProperty("id").GetString()}/join", token,
            new { role = "HOST" });
        var joinToken = (await ApiFixture.ReadJsonAsync(join)).GetProperty("data").GetProperty("token").GetString()!;
        using var rename = await fixture.SendAsync(HttpMethod.Patch, "/api/v1/auth/me", token, new { displayName = "Other" });

        Assert.Equal(subject, account.GetProperty("id").GetString());
        Assert.Equal("Kay", account.GetProperty("displayName").GetString());
        Assert.Equal("External", account.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(subject, stream.GetProperty("createdBy").GetString());
        Assert.Equal("Kay", AccountsFixture.ReadJoinToken(joinToken).GetProperty("name").GetString());
        await ApiAssert.ErrorAsync(rename, HttpStatusCode.Forbidden, "AuthorizationError");
    }

    [Fact]
    public async Task ATokenForAnotherAudienceSignedByAnotherKeyExpiredOrForgingAGuestIsNotTrusted()
    {
        var otherKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        var forged = fixture.Provider.Issue("someone", new Dictionary<string, object> { ["favorited:kind"] = "Guest" });

        foreach (var token in new[]
        {
            fixture.Provider.Issue("someone", audience: "another-api"),
            fixture.Provider.Issue("someone", signingKey: otherKey),
            fixture.Provider.Issue("someone", lifetime: TimeSpan.FromMinutes(-6)),
        })
        {
            using var response = await fixture.SendAsync(HttpMethod.Post, "/api/v1/livestreams", token, new { roomName = "ext-bad", title = "t" });
            await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "AuthenticationError");
        }
        // A provider's token cannot claim to be another kind of caller, nor anyone but its subject: the Api decides that.
        using var me = await fixture.SendAsync(HttpMethod.Get, "/api/v1/auth/me", forged);
        Assert.Equal("External", (await ApiFixture.ReadJsonAsync(me)).GetProperty("data").GetProperty("kind").GetString());
        var victim = await fixture.RegisterAsync("Victim");
        var impersonating = fixture.Provider.Issue("mallory",
            new Dictionary<string, object> { ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"] = victim.Id });
        using var who = await fixture.SendAsync(HttpMethod.Get, "/api/v1/auth/me", impersonating);
        Assert.Equal("mallory", (await ApiFixture.ReadJsonAsync(who)).GetProperty("data").GetProperty("id").GetString());
        using var asGuest = await fixture.SendAsync(HttpMethod.Get, "/api/v1/auth/me", fixture.Provider.Issue("guest:0123"));
        await ApiAssert.ErrorAsync(asGuest, HttpStatusCode.Unauthorized, "AuthenticationError");
    }
}
