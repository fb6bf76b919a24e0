using Aspire.Hosting.ApplicationModel;
using static Favorited.AppHost.Tests.AppModel;

namespace Favorited.AppHost.Tests.Model;

/// <summary>
/// The environment each service would be started with in a local run: exactly the configuration contract the
/// services read (DESIGN.md, and the environment-contract test in Favorited.ServiceGraph.Tests).
/// </summary>
public sealed class ServiceEnvironmentTests
{
    [Theory]
    [InlineData("api")]
    [InlineData("webhookworker")]
    public async Task TheServicesGetTheDatabaseRedisAndTheLiveKitDevServer(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        var environment = await model.EnvironmentOfAsync(name, ct);

        Assert.Equal("{favorited.connectionString}", Expression(environment["ConnectionStrings__favorited"]));
        Assert.Equal("{redis.connectionString}", Expression(environment["ConnectionStrings__redis"]));
        Assert.Equal("{livekit.bindings.http.url}", Expression(environment["LiveKit__Url"]));
        Assert.Equal("ws://{livekit.bindings.http.host}:{livekit.bindings.http.port}", Expression(environment["LiveKit__PublicUrl"]));
        Assert.Equal("{livekit-api-key.value}", Expression(environment["LiveKit__ApiKey"]));
        Assert.Equal("{livekit-api-secret.value}", Expression(environment["LiveKit__ApiSecret"]));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("webhookworker")]
    public async Task TheServicesRunInDevelopmentAndExportTelemetryToTheDashboard(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        var environment = await model.EnvironmentOfAsync(name, ct);

        // Development comes from each service's own launch profile; /health shows every component's details only there.
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", environment.Keys);
        Assert.Contains("OTEL_SERVICE_NAME", environment.Keys);
    }

    /// <summary>
    /// DCP renders each replica's index into the template, so a restarted replica reads the stream under its old name and
    /// resumes what it left pending. Published, the worker's default (host name and process id) stands.
    /// </summary>
    [Fact]
    public async Task EachWorkerReplicaGetsAConsumerNameOfItsOwnThatSurvivesARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await AppModel.ForRunAsync(ct);
        await using var publish = await AppModel.ForPublishAsync(ct);

        Assert.Equal("webhookworker-{{- index .Annotations \"resource-replica-index\" -}}",
            (await run.EnvironmentOfAsync("webhookworker", ct))["Webhooks__ConsumerName"]);
        Assert.DoesNotContain("Webhooks__ConsumerName", (await run.EnvironmentOfAsync("api", ct)).Keys);
        Assert.DoesNotContain("Webhooks__ConsumerName", (await publish.EnvironmentOfAsync("webhookworker", ct)).Keys);
    }

    [Fact]
    public async Task TheAppHostsAuthModePassesOnToTheApiAndOnlyThere()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var compatibility = await AppModel.ForRunAsync(ct, "--Auth:Mode=Compatibility");
        await using var usual = await AppModel.ForRunAsync(ct);

        Assert.Equal("Compatibility", (await compatibility.EnvironmentOfAsync("api", ct))["Auth__Mode"]);
        Assert.DoesNotContain("Auth__Mode", (await compatibility.EnvironmentOfAsync("webhookworker", ct)).Keys);
        Assert.DoesNotContain("Auth__Mode", (await usual.EnvironmentOfAsync("api", ct)).Keys);
    }

    [Fact]
    public async Task TheMigratorGetsTheDatabaseOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        var environment = await model.EnvironmentOfAsync("migrations", ct);

        Assert.Equal("{favorited.connectionString}", Expression(environment["ConnectionStrings__favorited"]));
        Assert.DoesNotContain("ConnectionStrings__redis", environment.Keys);
        Assert.DoesNotContain("LiveKit__ApiSecret", environment.Keys);
    }

    [Fact]
    public async Task TheClientFindsTheApiWhereItsDevServerProxiesApiRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        var environment = await model.EnvironmentOfAsync("client", ct);

        Assert.Equal("{api.bindings.http.url}", Expression(environment["services__api__http__0"]));
        Assert.Equal("{client.bindings.http.targetPort}", Expression(environment["PORT"]));
    }

    [Fact]
    public async Task TheLiveKitKeyPairIsSecretAndDefaultsToTheDevServersPair()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        var key = model.Get<ParameterResource>("livekit-api-key");
        var secret = model.Get<ParameterResource>("livekit-api-secret");
        Assert.True(key.Secret);
        Assert.True(secret.Secret);
        Assert.Equal("devkey", await key.GetValueAsync(ct));
        Assert.Equal("secret", await secret.GetValueAsync(ct));
    }

    [Fact]
    public async Task AConfiguredKeyPairWinsOverTheDevPair()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct,
            "--Parameters:livekit-api-key=APIlocal", "--Parameters:livekit-api-secret=local-secret");

        Assert.Equal("APIlocal", await model.Get<ParameterResource>("livekit-api-key").GetValueAsync(ct));
        Assert.Equal("local-secret", await model.Get<ParameterResource>("livekit-api-secret").GetValueAsync(ct));
    }
}
