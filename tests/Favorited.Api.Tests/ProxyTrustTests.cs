using System.Net;
using System.Net.Http.Json;
using Favorited.Testing;

namespace Favorited.Api.Tests;

/// <summary>
/// <c>X-Forwarded-For</c> over a real socket (an in-memory test server has no peer address): the per-IP limit on starting
/// guest identities counts the peer unless the peer is a trusted proxy.
/// </summary>
public sealed class ProxyTrustTests(TestServers servers)
{
    private const int GuestLimit = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InProductionASpoofedForwardedForFromAnUntrustedPeerDoesNotEscapeThePerIpLimit()
    {
        await using var api = await StartAsync("Production", new Dictionary<string, string>());
        using var client = Client(api);

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= GuestLimit + 1; i++)
        {
            statuses.Add(await StartGuestAsync(client, $"203.0.113.{i}"));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, GuestLimit), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AConfiguredProxysForwardedAddressIsTheClientsOwnBucket()
    {
        await using var api = await StartAsync("Production", new Dictionary<string, string>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = Client(api);

        var first = new List<HttpStatusCode>();
        var second = new List<HttpStatusCode>();
        for (var i = 0; i < GuestLimit; i++)
        {
            first.Add(await StartGuestAsync(client, "203.0.113.1"));
            second.Add(await StartGuestAsync(client, "203.0.113.2"));
        }
        var firstAgain = await StartGuestAsync(client, "203.0.113.1");

        Assert.All(first.Concat(second), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, firstAgain);
    }

    [Fact]
    public async Task InDevelopmentLoopbackIsTrustedSoTheDevServersForwardingCounts()
    {
        await using var api = await StartAsync("Development", new Dictionary<string, string>());
        using var client = Client(api);

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= GuestLimit + 1; i++)
        {
            statuses.Add(await StartGuestAsync(client, $"203.0.113.{i}"));
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    private async Task<EnvironmentApi> StartAsync(string environment, Dictionary<string, string> settings)
    {
        settings["RateLimits:Identity:PermitLimit"] = GuestLimit.ToString();
        settings["RateLimits:General:PermitLimit"] = "100000";
        return new EnvironmentApi(environment, await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, settings)
            .StartOnSocket();
    }

    private static HttpClient Client(EnvironmentApi api) => new() { BaseAddress = api.Address };

    private static async Task<HttpStatusCode> StartGuestAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/guest") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
