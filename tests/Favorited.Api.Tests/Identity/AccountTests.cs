using System.Net;
using System.Net.Http.Json;

namespace Favorited.Api.Tests.Identity;

/// <summary>Built-in accounts: register, sign in, refresh, sign out, display name; and guest identities.</summary>
public sealed class AccountTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegisteringChecksItsInputAndRefusesATakenEmail()
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        await fixture.RegisterOnlyAsync(email, "First");

        using var taken = await fixture.Client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = email.ToUpperInvariant(), password = AccountsFixture.Password, displayName = "Second" }, Ct);
        using var weak = await fixture.Client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"{Guid.NewGuid():N}@example.test", password = "short", displayName = "Weak" }, Ct);
        using var nameless = await fixture.Client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"{Guid.NewGuid():N}@example.test", password = AccountsFixture.Password, displayName = " " }, Ct);

        await ApiAssert.ErrorAsync(taken, HttpStatusCode.Conflict, "ConflictError", "An account with this email already exists");
        var weakBody = await ApiAssert.ErrorAsync(weak, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Contains("at least 8 characters", weakBody.GetProperty("message").GetString());
        await ApiAssert.ErrorAsync(nameless, HttpStatusCode.BadRequest, "ValidationError", "Display name is required");
    }

    [Fact]
    public async Task AWrongPasswordIs401AndTheRightOneSignsIn()
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        var id = await fixture.RegisterOnlyAsync(email, "Signer");

        using var wrong = await fixture.Client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Wr0ng-password" }, Ct);
        using var unknown = await fixture.Client.PostAsJsonAsync("/api/v1/auth/login",
            new { email = "nobody@example.test", password = AccountsFixture.Password }, Ct);
        var (accessToken, _) = await fixture.PostForTokensAsync("/api/v1/auth/login", new { email, password = AccountsFixture.Password });
        using var me = await fixture.SendAsync(HttpMethod.Get, "/api/v1/auth/me", accessToken);
        var account = (await ApiFixture.ReadJsonAsync(me)).GetProperty("data");

        await ApiAssert.ErrorAsync(wrong, HttpStatusCode.Unauthorized, "AuthenticationError", "Invalid email or password");
        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.Unauthorized, "AuthenticationError", "Invalid email or password");
        Assert.Equal(id, account.GetProperty("id").GetString());
        Assert.Equal("Signer", account.GetProperty("displayName").GetString());
        Assert.Equal("Account", account.GetProperty("kind").GetString());
        Assert.Equal(email, account.GetProperty("email").GetString());
    }

    [Fact]
    public async Task RefreshingGivesWorkingTokensUntilTheAccountSignsOut()
    {
        var user = await fixture.RegisterAsync("Refresher");

        var (refreshedAccess, refreshedRefresh) = await fixture.PostForTokensAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken });
        using var me = await fixture.SendAsync(HttpMethod.Get, "/api/v1/auth/me", refreshedAccess);
        using var signOut = await fixture.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", refreshedAccess);
        using var afterSignOut = await fixture.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refreshedRefresh }, Ct);
        using var garbage = await fixture.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" }, Ct);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        await ApiAssert.ErrorAsync(afterSignOut, HttpStatusCode.Unauthorized, "AuthenticationError", "The session has ended; sign in again");
        await ApiAssert.ErrorAsync(garbage, HttpStatusCode.Unauthorized, "AuthenticationError", "The refresh token is invalid or expired");
    }

    [Fact]
    public async Task AChangedDisplayNameReachesTheNextJoinTokenAfterARefresh()
    {
        var owner = await fixture.RegisterAsync("Old Name");
        var id = await fixture.CreateStreamAsync(owner);

        using var rename = await fixture.SendAsync(HttpMethod.Patch, "/api/v1/auth/me", owner.AccessToken, new { displayName = "New Name" });
        var (accessToken, _) = await fixture.PostForTokensAsync("/api/v1/auth/refresh", new { refreshToken = owner.RefreshToken });
        using var join = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", accessToken, new { role = "HOST" });
        var token = (await ApiFixture.ReadJsonAsync(join)).GetProperty("data").GetProperty("token").GetString()!;

        Assert.Equal("New Name", (await ApiFixture.ReadJsonAsync(rename)).GetProperty("data").GetProperty("displayName").GetString());
        Assert.Equal("New Name", AccountsFixture.ReadJoinToken(token).GetProperty("name").GetString());
    }

    [Fact]
    public async Task AGuestIsAGuestUntilItsRefreshTokenLapses()
    {
        var guest = await fixture.StartGuestAsync();

        var (renewed, _) = await fixture.PostForTokensAsync("/api/v1/auth/refresh", new { refreshToken = guest.RefreshToken });
        using var me = await fixture.SendAsync(HttpMethod.Get, "/api/v1/auth/me", renewed);
        var account = (await ApiFixture.ReadJsonAsync(me)).GetProperty("data");
        using var rename = await fixture.SendAsync(HttpMethod.Patch, "/api/v1/auth/me", renewed, new { displayName = "Not allowed" });

        Assert.Equal(guest.Id, account.GetProperty("id").GetString());
        Assert.Equal("Guest", account.GetProperty("kind").GetString());
        Assert.StartsWith("Guest ", account.GetProperty("displayName").GetString());
        await ApiAssert.ErrorAsync(rename, HttpStatusCode.Forbidden, "AuthorizationError");
    }
}
