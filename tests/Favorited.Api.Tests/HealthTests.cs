using System.Net;
using Favorited.Testing;

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
}
