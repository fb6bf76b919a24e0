using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Favorited.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Favorited.Api.Tests.Identity;

/// <summary>Expiry, per-user rate limits, and every endpoint saying who may call it.</summary>
public sealed class TokenLifetimeAndLimitsTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnExpiredAccessTokenIs401AndARefreshedOneWorks()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = new ClockedApi(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, clock);
        using var client = api.CreateClient();
        var email = $"{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = AccountsFixture.Password, displayName = "Clocked" }, Ct))
            .EnsureSuccessStatusCode();
        var tokens = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountsFixture.Password }, Ct))
            .Content.ReadFromJsonAsync<TokenResponse>(Ct);

        clock.Advance(TimeSpan.FromMinutes(16));
        using var expired = await MeAsync(client, tokens!.AccessToken);
        var refreshed = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }, Ct))
            .Content.ReadFromJsonAsync<TokenResponse>(Ct);
        using var fresh = await MeAsync(client, refreshed!.AccessToken);

        await ApiAssert.ErrorAsync(expired, HttpStatusCode.Unauthorized, "AuthenticationError");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task AGuestRenewsForADayFromItsStartAndNotForever()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = new ClockedApi(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, clock);
        using var client = api.CreateClient();
        var started = await (await client.PostAsJsonAsync("/api/v1/auth/guest", new { }, Ct)).Content.ReadFromJsonAsync<TokenResponse>(Ct);

        clock.Advance(TimeSpan.FromHours(23));
        using var withinTheDay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = started!.RefreshToken }, Ct);
        var renewed = await withinTheDay.Content.ReadFromJsonAsync<TokenResponse>(Ct);
        clock.Advance(TimeSpan.FromHours(2));
        // The renewed refresh token is itself good for another day, but the guest started more than a day ago.
        using var pastTheDay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = renewed!.RefreshToken }, Ct);

        Assert.Equal(HttpStatusCode.OK, withinTheDay.StatusCode);
        await ApiAssert.ErrorAsync(pastTheDay, HttpStatusCode.Unauthorized, "AuthenticationError");
    }

    [Fact]
    public async Task ATokenOneReplicaIssuedWorksOnAnotherSharingTheDatabase()
    {
        var database = await servers.CreateDatabaseAsync(Ct);
        await using var first = new ServiceFactory<Program>(database, servers.Redis.ConnectionString, settings: ApiFixture.GenerousRateLimits);
        await using var second = new ServiceFactory<Program>(database, servers.Redis.ConnectionString, settings: ApiFixture.GenerousRateLimits);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        var issued = await (await firstClient.PostAsJsonAsync("/api/v1/auth/guest", new { }, Ct)).Content.ReadFromJsonAsync<TokenResponse>(Ct);
        using var me = await MeAsync(secondClient, issued!.AccessToken);
        var renewed = await secondClient.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = issued.RefreshToken }, Ct);

        // The key ring protecting the tokens is in PostgreSQL (replicas on other machines share it), not in each process.
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        await using var db = TestServers.CreateDbContext(database);
        Assert.NotEmpty(db.DataProtectionKeys.ToList());
    }

    [Fact]
    public async Task WriteLimitsCountPerAccountButGuestsShareTheirAddresss()
    {
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString,
            settings: new Dictionary<string, string>(ApiFixture.GenerousRateLimits) { ["RateLimits:Write:PermitLimit"] = "2" });
        using var client = api.CreateClient();
        var path = $"/api/v1/livestreams/{Guid.NewGuid()}/leave";

        async Task<List<HttpStatusCode>> LeaveAsync(params string[] accessTokens)
        {
            var statuses = new List<HttpStatusCode>();
            foreach (var accessToken in accessTokens)
            {
                using var response = await PostAsync(client, path, accessToken);
                statuses.Add(response.StatusCode);
            }
            return statuses;
        }
        var first = await AccountTokenAsync(client);
        var second = await AccountTokenAsync(client);
        var firstAccount = await LeaveAsync(first, first, first);
        var secondAccount = await LeaveAsync(second);
        // Each guest is new, but they come from one address: anyone can start guests, so they count by address.
        var guests = await LeaveAsync(await GuestTokenAsync(client), await GuestTokenAsync(client), await GuestTokenAsync(client));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], firstAccount);
        Assert.Equal([HttpStatusCode.NotFound], secondAccount);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], guests);
    }

    [Fact]
    public async Task ManyAccountsFromOneAddressShareItsCeiling()
    {
        var database = await servers.CreateDatabaseAsync(Ct);
        // The accounts are made through another Api on the same database, so making them counts against no limit here.
        await using var setup = new ServiceFactory<Program>(database, servers.Redis.ConnectionString, settings: ApiFixture.GenerousRateLimits);
        using var setupClient = setup.CreateClient();
        var accounts = new[] { await AccountTokenAsync(setupClient), await AccountTokenAsync(setupClient), await AccountTokenAsync(setupClient) };
        await using var api = new ServiceFactory<Program>(database, servers.Redis.ConnectionString,
            settings: new Dictionary<string, string>(ApiFixture.GenerousRateLimits)
            {
                ["RateLimits:General:PermitLimit"] = "3",
                ["RateLimits:PerIp:PermitLimit"] = "5",
            });
        using var client = api.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var accessToken in accounts)
        {
            for (var i = 0; i < 2; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
                using var response = await client.SendAsync(request, Ct);
                statuses.Add(response.StatusCode);
            }
        }

        // Each account stays under its own limit of 3; the address reaches its ceiling of 5.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
    }

    private static async Task<string> AccountTokenAsync(HttpClient client)
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = AccountsFixture.Password, displayName = "Limited" }, Ct))
            .EnsureSuccessStatusCode();
        return (await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountsFixture.Password }, Ct))
            .Content.ReadFromJsonAsync<TokenResponse>(Ct))!.AccessToken;
    }

    [Fact]
    public async Task EveryEndpointSaysWhoMayCallIt()
    {
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString);
        using var _ = api.CreateClient();

        var endpoints = api.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().ToList();
        var silent = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(data => data.Policy is not null))
            .Select(endpoint => endpoint.RoutePattern.RawText)
            .ToList();

        Assert.True(endpoints.Count > 15, $"only {endpoints.Count} endpoints found");
        Assert.Empty(silent);
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresTheBearerSchemeAndWhereItIsNeeded()
    {
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString);
        using var client = api.CreateClient();

        var document = await ApiFixture.ReadJsonAsync(await client.GetAsync("/openapi/v1.json", Ct));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        var paths = document.GetProperty("paths");

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(paths.GetProperty("/api/v1/livestreams").GetProperty("post").TryGetProperty("security", out _));
        Assert.True(paths.GetProperty("/api/v1/livestreams/{id}/join").GetProperty("post").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/v1/livestreams").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/v1/auth/login").GetProperty("post").TryGetProperty("security", out _));
    }

    private static async Task<string> GuestTokenAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/v1/auth/guest", new { }, Ct)).Content.ReadFromJsonAsync<TokenResponse>(Ct))!.AccessToken;

    private static Task<HttpResponseMessage> MeAsync(HttpClient client, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request, Ct);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request, Ct);
    }

    private sealed record TokenResponse(string AccessToken, string RefreshToken);

    private sealed class ClockedApi(string database, string redis, TimeProvider clock)
        : ServiceFactory<Program>(database, redis, settings: ApiFixture.GenerousRateLimits)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
