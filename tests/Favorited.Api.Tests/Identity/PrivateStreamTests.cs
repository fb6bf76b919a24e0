using System.Net;
using System.Text.Json;
using Favorited.Testing;

namespace Favorited.Api.Tests.Identity;

/// <summary>Private livestreams: their creator's alone, and the invited's once they redeem an invite.</summary>
public sealed class PrivateStreamTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APrivateStreamIsListedBatchedAndFedToItsCreatorOnly()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var other = await fixture.RegisterAsync("Other");
        var hidden = await fixture.CreateStreamAsync(owner, "PRIVATE");
        var open = await fixture.CreateStreamAsync(owner);

        await using var ownersFeed = await SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/events?access_token={owner.AccessToken}");
        await using var othersFeed = await SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/events?access_token={other.AccessToken}");
        await using var anonymousFeed = await SseConnection.OpenAsync(fixture.Client, "/api/v1/livestreams/events");

        Assert.Contains(hidden, await ListedAsync(owner.AccessToken));
        Assert.DoesNotContain(hidden, await ListedAsync(other.AccessToken));
        // A page kept for the creator is not served to anyone else.
        Assert.Contains(hidden, await ListedAsync(owner.AccessToken, fresh: false));
        Assert.DoesNotContain(hidden, await ListedAsync(other.AccessToken, fresh: false));
        Assert.DoesNotContain(hidden, await ListedAsync(null, fresh: false));
        Assert.DoesNotContain(hidden, await ListedAsync(null));
        Assert.Contains(open, await ListedAsync(null));
        Assert.Equal([hidden, open], await BatchedAsync(owner.AccessToken, hidden, open));
        Assert.Equal([open], await BatchedAsync(other.AccessToken, hidden, open));
        Assert.Equal([open], await BatchedAsync(null, hidden, open));

        // The private stream ends first, then the public one: a feed that sees the second without the first was kept from it.
        await EndAsync(owner, hidden);
        await EndAsync(owner, open);
        Assert.Equal([hidden, open], await EndedStreamsAsync(ownersFeed, [hidden, open]));
        Assert.Equal([open], await EndedStreamsAsync(othersFeed, [hidden, open]));
        Assert.Equal([open], await EndedStreamsAsync(anonymousFeed, [hidden, open]));
    }

    [Fact]
    public async Task APrivateStreamIsNotThereForTheUninvitedAndIsOnceTheyRedeemAnInvite()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var friend = await fixture.RegisterAsync("Friend");
        var id = await fixture.CreateStreamAsync(owner, "PRIVATE");
        var code = await CreateInviteAsync(owner, id, new { maxUses = 5 });

        var before = await WatchAsync(friend, id);
        using var redeemed = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/invites/{code}/redeem", friend.AccessToken);
        var after = await WatchAsync(friend, id);
        using var again = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/invites/{code}/redeem", friend.AccessToken);
        var invite = Assert.Single(await InvitesAsync(owner, id));

        Assert.All(before, status => Assert.Equal(HttpStatusCode.NotFound, status));
        Assert.Equal(id, (await ApiFixture.ReadJsonAsync(redeemed)).GetProperty("data").GetProperty("livestreamId").GetString());
        Assert.All(after, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // Redeeming again uses nothing up.
        Assert.Equal(1, invite.GetProperty("uses").GetInt32());
        Assert.Equal("Active", invite.GetProperty("state").GetString());
        // Still not listed: the invited reach it by its link.
        Assert.DoesNotContain(id, await ListedAsync(friend.AccessToken));
    }

    [Fact]
    public async Task TheUninvitedCannotEndLeaveOrListThePeopleOfAPrivateStream()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var stranger = await fixture.RegisterAsync("Stranger");
        var id = await fixture.CreateStreamAsync(owner, "PRIVATE");
        using (var hosting = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", owner.AccessToken, new { role = "HOST" }))
        {
            Assert.Equal(HttpStatusCode.OK, hosting.StatusCode);
        }

        using var end = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", stranger.AccessToken);
        using var leave = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/leave", stranger.AccessToken);
        using var people = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/participants", stranger.AccessToken);
        using var ownersPeople = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/participants", owner.AccessToken);

        await ApiAssert.ErrorAsync(end, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(leave, HttpStatusCode.NotFound, "NotFoundError");
        Assert.Empty((await ApiFixture.ReadJsonAsync(people)).GetProperty("data").EnumerateArray());
        Assert.Single((await ApiFixture.ReadJsonAsync(ownersPeople)).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task AnExpiredUsedUpOrRevokedInviteIsRefused()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner, "PRIVATE");
        var once = await CreateInviteAsync(owner, id, new { maxUses = 1 });
        var revoked = await CreateInviteAsync(owner, id, new { });
        var expiring = await CreateInviteAsync(owner, id, new { expiresAt = DateTime.UtcNow.AddMinutes(5) });
        await ExpireAsync(expiring);
        var revokedId = (await InvitesAsync(owner, id)).Single(i => i.GetProperty("code").GetString() == revoked).GetProperty("id").GetString();
        using var revoke = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}/invites/{revokedId}", owner.AccessToken);

        using var first = await RedeemAsync(once, await fixture.RegisterAsync("First"));
        using var second = await RedeemAsync(once, await fixture.RegisterAsync("Second"));
        using var afterRevoke = await RedeemAsync(revoked, await fixture.RegisterAsync("Late"));
        using var afterExpiry = await RedeemAsync(expiring, await fixture.RegisterAsync("Later"));
        using var unknown = await RedeemAsync("no-such-code", await fixture.RegisterAsync("Lost"));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ApiAssert.ErrorAsync(second, HttpStatusCode.Gone, "GoneError", "This invite has been used as many times as it allows");
        await ApiAssert.ErrorAsync(afterRevoke, HttpStatusCode.Gone, "GoneError", "This invite was revoked");
        await ApiAssert.ErrorAsync(afterExpiry, HttpStatusCode.Gone, "GoneError", "This invite has expired");
        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NotFoundError", "Invite not found");
        var states = (await InvitesAsync(owner, id)).ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("state").GetString());
        Assert.Equal("UsedUp", states[once]);
        Assert.Equal("Revoked", states[revoked]);
        Assert.Equal("Expired", states[expiring]);
    }

    [Fact]
    public async Task AGuestRedeemsOnlyWhereTheCreatorAllowedGuests()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var id = await fixture.CreateStreamAsync(owner, "PRIVATE");
        var accountsOnly = await CreateInviteAsync(owner, id, new { });
        var guestsWelcome = await CreateInviteAsync(owner, id, new { allowGuests = true });
        var guest = await fixture.StartGuestAsync();

        using var refused = await RedeemAsync(accountsOnly, guest);
        var stillHidden = await WatchAsync(guest, id);
        using var welcomed = await RedeemAsync(guestsWelcome, guest);
        var watching = await WatchAsync(guest, id);

        await ApiAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "AuthorizationError");
        Assert.All(stillHidden, status => Assert.Equal(HttpStatusCode.NotFound, status));
        Assert.Equal(HttpStatusCode.OK, welcomed.StatusCode);
        Assert.All(watching, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task OnlyTheCreatorManagesInvitesAndOnlyOfAPrivateStream()
    {
        var owner = await fixture.RegisterAsync("Owner");
        var invited = await fixture.RegisterAsync("Invited");
        var id = await fixture.CreateStreamAsync(owner, "PRIVATE");
        var open = await fixture.CreateStreamAsync(owner);
        var code = await CreateInviteAsync(owner, id, new { });
        using var redeemed = await RedeemAsync(code, invited);

        using var invitedCreates = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/invites", invited.AccessToken, new { });
        using var invitedLists = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/invites", invited.AccessToken);
        using var stranger = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/invites",
            (await fixture.RegisterAsync("Stranger")).AccessToken);
        using var forPublic = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{open}/invites", owner.AccessToken, new { });
        using var guestCreates = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/invites",
            (await fixture.StartGuestAsync()).AccessToken, new { });

        await ApiAssert.ErrorAsync(invitedCreates, HttpStatusCode.Forbidden, "AuthorizationError", "Only the creator of the livestream can manage its invites");
        await ApiAssert.ErrorAsync(invitedLists, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(stranger, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(forPublic, HttpStatusCode.BadRequest, "ValidationError");
        await ApiAssert.ErrorAsync(guestCreates, HttpStatusCode.Forbidden, "AuthorizationError");
    }

    /// <summary>The answers to the stream's page, state, event stream and join.</summary>
    private async Task<HttpStatusCode[]> WatchAsync(SignedIn who, string id)
    {
        using var page = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}", who.AccessToken);
        using var state = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/state", who.AccessToken);
        using var events = await fixture.Client.GetAsync($"/api/v1/livestreams/{id}/events?access_token={who.AccessToken}",
            HttpCompletionOption.ResponseHeadersRead, Ct);
        using var join = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/join", who.AccessToken, new { role = "VIEWER" });
        return [page.StatusCode, state.StatusCode, events.StatusCode, join.StatusCode];
    }

    private async Task<string> CreateInviteAsync(SignedIn owner, string id, object terms)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/invites", owner.AccessToken, terms);
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("data").GetProperty("code").GetString()!;
    }

    private async Task<List<JsonElement>> InvitesAsync(SignedIn owner, string id)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/invites", owner.AccessToken);
        return [.. (await ApiFixture.ReadJsonAsync(response)).GetProperty("data").EnumerateArray()];
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, SignedIn who) =>
        fixture.SendAsync(HttpMethod.Post, $"/api/v1/invites/{code}/redeem", who.AccessToken);

    private async Task ExpireAsync(string code)
    {
        await using var db = TestServers.CreateDbContext(fixture.DatabaseConnectionString);
        var invite = db.Invites.Single(i => i.Code == code);
        invite.ExpiresAt = DateTime.UtcNow.AddSeconds(-1);
        await db.SaveChangesAsync(Ct);
    }

    /// <param name="fresh">Read PostgreSQL (<c>Cache-Control: no-cache</c>); else a kept page may answer.</param>
    private async Task<List<string>> ListedAsync(string? accessToken, bool fresh = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/livestreams?limit=100");
        if (fresh)
        {
            request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        }
        if (accessToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }
        using var response = await fixture.Client.SendAsync(request, Ct);
        return [.. (await ApiFixture.ReadJsonAsync(response)).GetProperty("data").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }

    private async Task<List<string>> BatchedAsync(string? accessToken, params string[] ids)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/state?ids={string.Join(',', ids)}", accessToken);
        return [.. (await ApiFixture.ReadJsonAsync(response)).GetProperty("data").EnumerateArray().Select(s => s.GetProperty("streamId").GetString()!)];
    }

    private async Task EndAsync(SignedIn owner, string id)
    {
        using var response = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", owner.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Which of these streams' room_ended the feed delivered, up to and including the last one's (the shared Redis carries
    /// other tests' streams too).
    /// </summary>
    private static async Task<List<string>> EndedStreamsAsync(SseConnection feed, string[] streams)
    {
        var ended = new List<string>();
        while (ended.LastOrDefault() != streams[^1])
        {
            var next = await feed.NextAsync(e => e.Type == "room_ended" && streams.Contains(e.Json.GetProperty("streamId").GetString()));
            ended.Add(next.Json.GetProperty("streamId").GetString()!);
        }
        return ended;
    }
}
