using System.Net;
using Favorited.Testing;

namespace Favorited.WebhookWorker.Tests;

public sealed class HealthTests(TestServers servers)
{
    [Fact]
    public async Task WorkerReportsHealthyWhenPostgresAndRedisAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(ct), servers.Redis.ConnectionString);
        using var client = worker.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "worker"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "database"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "redis"));
    }

    [Fact]
    public async Task WorkerReports503NamingRedisWhenRedisIsUnreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        var unreachableRedis = $"127.0.0.1:{FreeTcpPort.Next()}";
        await using var worker = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(ct), unreachableRedis);
        using var client = worker.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", HealthProbe.ComponentStatus(body, "redis"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "database"));
    }
}
