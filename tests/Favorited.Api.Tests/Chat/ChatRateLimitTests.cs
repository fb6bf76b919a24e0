using System.Net;
using Favorited.Api.Tests.Identity;
using Favorited.Testing;

namespace Favorited.Api.Tests.Chat;

/// <summary>The production-sized general limit, small: chat posts have their own limit and must not spend it.</summary>
public sealed class TightGeneralLimitFixture(TestServers servers) : AccountsFixture(servers)
{
    public const int GeneralPermits = 8;

    public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(GenerousRateLimits)
    {
        ["RateLimits:General:PermitLimit"] = GeneralPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:General:Window"] = "01:00:00",
        ["Chat:MessagesPerWindow"] = "100",
        ["Chat:Window"] = "01:00:00",
    };
}

public sealed class ChatRateLimitTests(TightGeneralLimitFixture fixture) : IClassFixture<TightGeneralLimitFixture>
{
    [Fact]
    public async Task ChatPostsCountAgainstTheChatLimitNotTheGeneralOne()
    {
        // Registering and signing in count against the address's general permits, creating and joining against the host's.
        var host = await fixture.RegisterAsync("Host");
        var stream = await fixture.CreateStreamAsync(host);
        using (var join = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream}/join", host.AccessToken, new { role = "HOST" }))
        {
            Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        }

        var posts = new List<HttpStatusCode>();
        for (var i = 0; i < 2 * TightGeneralLimitFixture.GeneralPermits; i++)
        {
            using var post = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream}/chat", host.AccessToken, new { text = $"m{i}" });
            posts.Add(post.StatusCode);
        }
        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < TightGeneralLimitFixture.GeneralPermits; i++)
        {
            using var read = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{stream}/chat/settings", host.AccessToken);
            reads.Add(read.StatusCode);
        }

        Assert.All(posts, status => Assert.Equal(HttpStatusCode.Created, status));
        // The host spent two general permits (create, join) before posting, so the reads run out after the rest: the general
        // limit still holds for everything else.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, TightGeneralLimitFixture.GeneralPermits - 2),
            .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)], reads);
    }
}
