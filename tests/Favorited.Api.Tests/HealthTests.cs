using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.Core.Redis;
using Favorited.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Favorited.Api.Tests;

public sealed class HealthTests(TestServers servers)
{
    [Fact]
    public async Task HealthIsOkInTheOriginalShapeWhenPostgresAndRedisAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(ct), servers.Redis.ConnectionString);
        using var client = api.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("Favorited api is running", body.GetProperty("message").GetString());
        Assert.True(DateTime.TryParse(body.GetProperty("timestamp").GetString(), out _));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "api"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "database"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "redis"));
        Assert.Equal("PostgreSQL connection active", body.GetProperty("components").GetProperty("database").GetProperty("message").GetString());
        Assert.Equal("Redis connection active", body.GetProperty("components").GetProperty("redis").GetProperty("message").GetString());
        // The original's names, which its monitors read, and how callers are identified.
        Assert.Equal(["api", "auth", "database", "queue", "redis", "state"], ComponentNames(body));
        var state = body.GetProperty("components").GetProperty("state");
        Assert.Equal("State service operational", state.GetProperty("message").GetString());
        Assert.Equal(0, state.GetProperty("details").GetProperty("activeConnections").GetInt32());
        Assert.Equal(0, state.GetProperty("details").GetProperty("subscribedStreams").GetInt32());
        Assert.Equal("Webhook queue operational", body.GetProperty("components").GetProperty("queue").GetProperty("message").GetString());
    }

    [Fact]
    public async Task TheQueueCountsWhatWaitsWhatIsBeingAppliedAndWhatFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        var redisConnectionString = servers.Redis.NewDatabaseConnectionString();
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(ct), redisConnectionString);
        using var client = api.CreateClient();
        var queue = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await queue.StreamAddAsync(RedisKeys.WebhookStream, "id", "EV_1");
        await queue.StreamAddAsync(RedisKeys.WebhookStream, "id", "EV_2");
        await queue.StreamAddAsync(RedisKeys.WebhookStream, "id", "EV_3");
        await queue.StreamCreateConsumerGroupAsync(RedisKeys.WebhookStream, "workers", StreamPosition.Beginning);
        await queue.StreamReadGroupAsync(RedisKeys.WebhookStream, "workers", "worker-1", StreamPosition.NewMessages, count: 1);
        await queue.StreamAddAsync(RedisKeys.WebhookDeadLetters, "id", "EV_0");

        var (_, body) = await HealthProbe.GetAsync(client, ct);

        var details = body.GetProperty("components").GetProperty("queue").GetProperty("details");
        Assert.Equal([2, 1, 1, 3], new[] { "waiting", "active", "failed", "length" }.Select(name => details.GetProperty(name).GetInt64()));
    }

    [Fact]
    public async Task AnonymousCallersOutsideDevelopmentLearnOnlyWhichComponentIsUnhealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreeTcpPort.Next();
        var unreachable = $"Host=127.0.0.1;Port={port};Username=postgres;Database=favorited";
        await using var api = new EnvironmentApi("Production", unreachable, servers.Redis.ConnectionString);
        using var client = api.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Service degraded - check component status", body.GetProperty("message").GetString());
        Assert.Equal(["api", "auth", "database", "queue", "redis", "state"], ComponentNames(body));
        Assert.Equal("unhealthy", HealthProbe.ComponentStatus(body, "database"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "redis"));
        Assert.All(body.GetProperty("components").EnumerateObject(),
            component => Assert.Equal(["status"], component.Value.EnumerateObject().Select(field => field.Name)));
        Assert.DoesNotContain(port.ToString(), body.GetRawText());
    }

    [Fact]
    public async Task AnOperatorSeesTheDetailsOutsideDevelopmentAndNoOtherAccountDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await servers.CreateDatabaseAsync(ct);
        string operatorId;
        await using (var first = new EnvironmentApi("Production", database, servers.Redis.ConnectionString))
        {
            using var firstClient = first.CreateClient();
            operatorId = await RegisterAsync(firstClient, "operator@example.test", ct);
            await RegisterAsync(firstClient, "someone@example.test", ct);
        }
        await using var api = new EnvironmentApi("Production", database, servers.Redis.ConnectionString,
            new Dictionary<string, string> { ["Health:Operators:0"] = operatorId });
        using var client = api.CreateClient();

        var asOperator = await HealthAsync(client, await SignInAsync(client, "operator@example.test", ct), ct);
        var asSomeone = await HealthAsync(client, await SignInAsync(client, "someone@example.test", ct), ct);

        Assert.Equal("Redis connection active", asOperator.GetProperty("components").GetProperty("redis").GetProperty("message").GetString());
        Assert.True(asOperator.GetProperty("components").GetProperty("queue").GetProperty("details").TryGetProperty("waiting", out _));
        Assert.True(asOperator.GetProperty("components").GetProperty("state").GetProperty("details").TryGetProperty("activeConnections", out _));
        Assert.All(asSomeone.GetProperty("components").EnumerateObject(),
            component => Assert.Equal(["status"], component.Value.EnumerateObject().Select(field => field.Name)));
    }

    [Fact]
    public async Task HealthTurns503WhenRedisStopsAndBackTo200WhenItReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(ct), redis.ConnectionString);
        using var client = api.CreateClient();
        var (before, _) = await HealthProbe.WaitForStatusAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(10), ct);
        Assert.Equal(HttpStatusCode.OK, before);

        redis.Stop();
        var (during, duringBody) = await HealthProbe.WaitForStatusAsync(
            client, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15), ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during);
        Assert.False(duringBody.GetProperty("success").GetBoolean());
        Assert.Equal("Service degraded - check component status", duringBody.GetProperty("message").GetString());
        Assert.Equal("unhealthy", HealthProbe.ComponentStatus(duringBody, "redis"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(duringBody, "database"));

        await redis.RestartAsync(ct);
        var (after, afterBody) = await HealthProbe.WaitForStatusAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(30), ct);

        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal("healthy", HealthProbe.ComponentStatus(afterBody, "redis"));
    }

    [Fact]
    public async Task HealthIs503NamingTheDatabaseWhenPostgresIsUnreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreeTcpPort.Next();
        var unreachable = $"Host=127.0.0.1;Port={port};Username=postgres;Database=favorited";
        await using var api = new ServiceFactory<Program>(unreachable, servers.Redis.ConnectionString);
        using var client = api.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", HealthProbe.ComponentStatus(body, "database"));
        Assert.Equal("PostgreSQL connection failed", body.GetProperty("components").GetProperty("database").GetProperty("message").GetString());
        Assert.Contains($"127.0.0.1:{port}", body.GetProperty("components").GetProperty("database").GetProperty("error").GetString());
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "redis"));
    }

    [Fact]
    public async Task AliveAnswersWithoutItsDependencies()
    {
        var ct = TestContext.Current.CancellationToken;
        var unreachable = $"Host=127.0.0.1;Port={FreeTcpPort.Next()};Username=postgres;Database=favorited";
        await using var api = new ServiceFactory<Program>(unreachable, $"127.0.0.1:{FreeTcpPort.Next()}");
        using var client = api.CreateClient();

        using var alive = await client.GetAsync("/alive", ct);
        var (health, _) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health);
    }

    private static string[] ComponentNames(JsonElement body) =>
        [.. body.GetProperty("components").EnumerateObject().Select(component => component.Name).Order(StringComparer.Ordinal)];

    private static async Task<string> RegisterAsync(HttpClient client, string email, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email, password = AccountsFixture.Password, displayName = "Health" }, ct);
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data").GetProperty("id").GetString()!;
    }

    private static async Task<string> SignInAsync(HttpClient client, string email, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountsFixture.Password }, ct);
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> HealthAsync(HttpClient client, string accessToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request, ct);
        return await ApiFixture.ReadJsonAsync(response);
    }
}
