using System.Net;
using Favorited.Core.Redis;
using Favorited.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Favorited.WebhookWorker.Tests;

public sealed class HealthTests(TestServers servers)
{
    [Fact]
    public async Task WorkerReportsHealthyWhenPostgresAndRedisAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var worker = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(ct), servers.Redis.NewDatabaseConnectionString());
        using var client = worker.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "worker"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "database"));
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "redis"));
        var webhooks = body.GetProperty("components").GetProperty("webhooks");
        Assert.Equal("healthy", webhooks.GetProperty("status").GetString());
        var details = webhooks.GetProperty("details");
        Assert.Equal([0, 0, 0], new[] { "pending", "lag", "deadLetters" }.Select(name => details.GetProperty(name).GetInt64()));
    }

    [Fact]
    public async Task HealthCountsWhatWaitsOnTheStreamAndTheDeadLetters()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var queue = graph.Redis.GetDatabase();
        await queue.StreamAddAsync(RedisKeys.WebhookDeadLetters, "id", "EV_dead");
        await using var worker = new ServiceFactory<Program>(graph.DatabaseConnectionString, graph.RedisConnectionString,
            graph.LiveKit.Url, new Dictionary<string, string> { ["Webhooks:Concurrency"] = "1" });
        using var client = worker.CreateClient();

        var (_, body) = await HealthProbe.GetAsync(client, TestContext.Current.CancellationToken);

        var details = body.GetProperty("components").GetProperty("webhooks").GetProperty("details");
        Assert.Equal(1, details.GetProperty("deadLetters").GetInt64());
        Assert.True(details.GetProperty("consumers").GetInt64() >= 0);
    }

    [Fact]
    public async Task OutsideDevelopmentTheWorkerSaysOnlyWhichComponentIsUnhealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreeTcpPort.Next();
        await using var worker = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(ct), $"127.0.0.1:{port}");
        await using var production = worker.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        using var client = production.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", HealthProbe.ComponentStatus(body, "redis"));
        Assert.All(body.GetProperty("components").EnumerateObject(),
            component => Assert.Equal(["status"], component.Value.EnumerateObject().Select(field => field.Name)));
        Assert.DoesNotContain(port.ToString(), body.GetRawText());
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
