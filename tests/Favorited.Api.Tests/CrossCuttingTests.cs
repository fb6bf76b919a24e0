using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Testing;

namespace Favorited.Api.Tests;

/// <summary>Rate limits, CORS and the OpenAPI document.</summary>
public sealed class CrossCuttingTests(TestServers servers) : IAsyncLifetime
{
    private EmulatorHost _liveKit = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _liveKit = await EmulatorHost.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await _liveKit.DisposeAsync();

    [Fact]
    public async Task CreatePastItsLimitIs429WithRetryAfterAndTheOriginalsMessage()
    {
        await using var api = await StartApiAsync(new() { ["RateLimits:Create:PermitLimit"] = "2" });
        using var client = api.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        foreach (var n in Enumerable.Range(1, 3))
        {
            last = await client.PostAsJsonAsync("/api/v1/livestreams", new { roomName = $"limited-{n}", title = "t", createdBy = "u" }, Ct);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        await ApiAssert.ErrorAsync(last!, HttpStatusCode.TooManyRequests, "TooManyRequests",
            "Too many livestream creation requests, please try again later");
        Assert.True(int.Parse(last!.Headers.GetValues("Retry-After").Single()) > 0);
    }

    [Fact]
    public async Task JoinLeaveAndDeleteShareTheWriteLimit()
    {
        await using var api = await StartApiAsync(new() { ["RateLimits:Write:PermitLimit"] = "2" });
        using var client = api.CreateClient();
        var created = await ApiFixture.ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/livestreams",
            new { roomName = "writes", title = "t", createdBy = "u" }, Ct));
        var path = $"/api/v1/livestreams/{created.GetProperty("data").GetProperty("id").GetString()}";

        using var join = await client.PostAsJsonAsync($"{path}/join", new { userId = "v", displayName = "V", role = "VIEWER" }, Ct);
        using var leave = await client.PostAsJsonAsync($"{path}/leave", new { userId = "v" }, Ct);
        using var delete = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path)
        {
            Content = JsonContent.Create(new { requestingUserId = "u" }),
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
        await ApiAssert.ErrorAsync(delete, HttpStatusCode.TooManyRequests, "TooManyRequests",
            "Too many write operations from this IP, please try again later");
    }

    [Fact]
    public async Task TheGeneralLimitCoversTheApiButNotHealthOrWebhooks()
    {
        await using var api = await StartApiAsync(new() { ["RateLimits:General:PermitLimit"] = "3" });
        using var client = api.CreateClient();

        var listStatuses = new List<HttpStatusCode>();
        foreach (var _ in Enumerable.Range(1, 4))
        {
            using var response = await client.GetAsync("/api/v1/livestreams", Ct);
            listStatuses.Add(response.StatusCode);
        }
        using var health = await client.GetAsync("/health", Ct);
        using var webhook = await client.PostAsync("/api/v1/webhooks/livekit", new StringContent("{}"), Ct);
        using var limited = await client.GetAsync("/api/v1/livestreams", Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], listStatuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, webhook.StatusCode);
        await ApiAssert.ErrorAsync(limited, HttpStatusCode.TooManyRequests, "TooManyRequests",
            "Too many requests from this IP, please try again later");
    }

    [Fact]
    public async Task CorsAllowsConfiguredOriginsOnly()
    {
        await using var api = await StartApiAsync(new() { ["Cors:AllowedOrigins:0"] = "https://app.example" });
        using var client = api.CreateClient();

        using var allowed = await client.SendAsync(Preflight("https://app.example"), Ct);
        using var refused = await client.SendAsync(Preflight("https://evil.example"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", allowed.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("86400", allowed.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.NotEqual(HttpStatusCode.InternalServerError, refused.StatusCode);
    }

    [Fact]
    public async Task TheOriginalsClientUrlListIsHonoured()
    {
        await using var api = await StartApiAsync(new() { ["CLIENT_URL"] = "https://a.example, https://b.example" });
        using var client = api.CreateClient();

        using var allowed = await client.SendAsync(Preflight("https://b.example"), Ct);
        using var devServer = await client.SendAsync(Preflight("http://localhost:5173"), Ct);

        Assert.Equal("https://b.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(devServer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryEndpointAndItsResponses()
    {
        await using var api = await StartApiAsync([]);
        using var client = api.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json", Ct);
        var document = await ApiFixture.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document.GetProperty("paths");
        AssertResponses(paths, "/api/v1/livestreams", "post", "201", "400", "409", "502");
        AssertResponses(paths, "/api/v1/livestreams", "get", "200", "400");
        AssertResponses(paths, "/api/v1/livestreams/{id}", "get", "200", "404");
        AssertResponses(paths, "/api/v1/livestreams/{id}", "delete", "200", "400", "403", "404");
        AssertResponses(paths, "/api/v1/livestreams/{id}/join", "post", "200", "400", "403", "404", "409");
        AssertResponses(paths, "/api/v1/livestreams/{id}/leave", "post", "200", "400", "404");
        AssertResponses(paths, "/api/v1/livestreams/{id}/participants", "get", "200", "400");
    }

    private static void AssertResponses(JsonElement paths, string path, string method, params string[] statuses)
    {
        var responses = paths.GetProperty(path).GetProperty(method).GetProperty("responses");
        Assert.All(statuses, status => Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} lacks {status}"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/livestreams");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    // The original's limits, in compatibility mode (the request bodies below name their callers).
    private async Task<ServiceFactory<Program>> StartApiAsync(Dictionary<string, string> settings) =>
        new(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, _liveKit.Url,
            new Dictionary<string, string>(settings) { ["Auth:Mode"] = "Compatibility" });
}
