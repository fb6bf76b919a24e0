using System.Net;

namespace Favorited.Api.Tests.Identity;

/// <summary>Who may do what, with the caller taken from the token and never from the body.</summary>
public sealed class CallerRulesTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task WithoutATokenEveryIdentifiedEndpointIs401InTheEnvelope()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Post, "/api/v1/livestreams", new { roomName = "no-token", title = "t", createdBy = owner.Id }),
            (HttpMethod.Delete, $"/api/v1/livestreams/{id}", new { requestingUserId = owner.Id }),
            (HttpMethod.Post, $"/api/v1/livestreams/{id}/join", new { userId = owner.Id, displayName = "x", role = "HOST" }),
            (HttpMethod.Post, $"/api/v1/livestreams/{id}/leave", new { userId = owner.Id }),
            (HttpMethod.Post, "/api/v1/auth/logout", null),
            (HttpMethod.Get, "/api/v1/auth/me", null),
        })
        {
            using var response = await fixture.SendAsync(method, path, accessToken: null, body);
            await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "AuthenticationError");
        }
        await AssertStillLiveAsync(id);
    }

    [Fact]
    public async Task ATamperedTokenIs401()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var tampered = owner.AccessToken[..^4] + (owner.AccessToken[^4] == 'A' ? "B" : "A") + owner.AccessToken[^3..];

        using var response = await fixture.SendAsync(HttpMethod.Post, "/api/v1/livestreams", tampered, new { roomName = "tampered", title = "t" });

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "AuthenticationError");
    }

    [Fact]
    public async Task ABodyNamingSomeoneElseIs403()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var other = await fixture.RegisterAsync("Other");
        var id = await fixture.CreateStreamAsync(owner);

        using var create = await fixture.SendAsync(HttpMethod.Post, "/api/v1/livestreams", other.AccessToken,
            new { roomName = "forged", title = "t", createdBy = owner.Id });
        using var end = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", other.AccessToken,
            new { requestingUserId = owner.Id });
        using var join = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", other.AccessToken,
            new { userId = owner.Id, displayName = "Owner", role = "HOST" });
        using var leave = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/leave", other.AccessToken,
            new { userId = owner.Id });

        await ApiAssert.ErrorAsync(create, HttpStatusCode.Forbidden, "AuthorizationError", "createdBy must be the signed-in user");
        await ApiAssert.ErrorAsync(end, HttpStatusCode.Forbidden, "AuthorizationError", "requestingUserId must be the signed-in user");
        await ApiAssert.ErrorAsync(join, HttpStatusCode.Forbidden, "AuthorizationError", "userId must be the signed-in user");
        await ApiAssert.ErrorAsync(leave, HttpStatusCode.Forbidden, "AuthorizationError", "userId must be the signed-in user");
        await AssertStillLiveAsync(id);
    }

    [Fact]
    public async Task AnotherUserCannotEndTheStreamNorHostIt()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var other = await fixture.RegisterAsync("Other");
        var id = await fixture.CreateStreamAsync(owner);

        using var end = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", other.AccessToken, new { });
        using var host = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", other.AccessToken, new { role = "HOST" });

        await ApiAssert.ErrorAsync(end, HttpStatusCode.Forbidden, "AuthorizationError", "Only the creator of the livestream can delete it");
        await ApiAssert.ErrorAsync(host, HttpStatusCode.Forbidden, "AuthorizationError", "Only the livestream creator can join as HOST");
        await AssertStillLiveAsync(id);
    }

    [Fact]
    public async Task TheCreatorCreatesHostsAndEndsWithoutNamingThemselves()
    {
        var owner = await fixture.RegisterAsync("The Owner");
        var id = await fixture.CreateStreamAsync(owner);
        using var state = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/state", accessToken: null);
        // Before the host connects, the live state already names the host by their display name, not their id.
        Assert.Equal("The Owner", (await ApiFixture.ReadJsonAsync(state)).GetProperty("data").GetProperty("hostInfo").GetProperty("displayName").GetString());

        using var join = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", owner.AccessToken,
            new { role = "HOST", displayName = "Not My Name" });
        var joined = (await ApiFixture.ReadJsonAsync(join)).GetProperty("data");
        using var end = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", owner.AccessToken, body: null);
        var ended = await ApiFixture.ReadJsonAsync(end);

        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        // The LiveKit token carries the caller's id as identity and the account's display name as name.
        var claims = AccountsFixture.ReadJoinToken(joined.GetProperty("token").GetString()!);
        Assert.Equal(owner.Id, claims.GetProperty("sub").GetString());
        Assert.Equal("The Owner", claims.GetProperty("name").GetString());
        Assert.Equal(owner.Id, joined.GetProperty("participant").GetProperty("userId").GetString());
        Assert.Equal("The Owner", joined.GetProperty("participant").GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Equal(owner.Id, ended.GetProperty("data").GetProperty("createdBy").GetString());
        Assert.Equal("ENDED", ended.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AGuestMayWatchButNotCreateEndOrHost()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);
        var guest = await fixture.StartGuestAsync("Passer-by");

        using var create = await fixture.SendAsync(HttpMethod.Post, "/api/v1/livestreams", guest.AccessToken, new { roomName = "guest-room", title = "t" });
        using var end = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", guest.AccessToken, new { });
        using var host = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", guest.AccessToken, new { role = "HOST" });
        using var watch = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", guest.AccessToken, new { role = "VIEWER" });
        var watching = (await ApiFixture.ReadJsonAsync(watch)).GetProperty("data");
        using var leave = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/leave", guest.AccessToken, new { });

        await ApiAssert.ErrorAsync(create, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(end, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(host, HttpStatusCode.Forbidden, "AuthorizationError");
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.StartsWith("guest:", guest.Id);
        var claims = AccountsFixture.ReadJoinToken(watching.GetProperty("token").GetString()!);
        Assert.Equal(guest.Id, claims.GetProperty("sub").GetString());
        Assert.Equal("Passer-by", claims.GetProperty("name").GetString());
        Assert.False(claims.GetProperty("video").GetProperty("canPublish").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
        await AssertStillLiveAsync(id);
    }

    [Fact]
    public async Task ReadsNeedNoToken()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner);

        foreach (var path in new[] { "/api/v1/livestreams", $"/api/v1/livestreams/{id}", $"/api/v1/livestreams/{id}/participants",
                     $"/api/v1/livestreams/{id}/state", $"/api/v1/livestreams/state?ids={id}" })
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, path, accessToken: null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        }
    }

    private async Task AssertStillLiveAsync(string id)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}", accessToken: null);
        Assert.Equal("LIVE", (await ApiFixture.ReadJsonAsync(response)).GetProperty("data").GetProperty("status").GetString());
    }
}
