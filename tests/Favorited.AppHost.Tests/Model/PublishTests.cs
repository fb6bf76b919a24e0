using Aspire.Hosting.ApplicationModel;
using static Favorited.AppHost.Tests.AppModel;

namespace Favorited.AppHost.Tests.Model;

/// <summary>
/// The model a deployment is made from: <c>azd up</c> reads the manifest and provisions Azure Container Apps.
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task ADeploymentUsesAnExistingLiveKitWhoseKeyPairItIsGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForPublishAsync(ct);

        Assert.DoesNotContain(model.Resources, resource => resource is ContainerResource { Name: "livekit" });
        var environment = await model.EnvironmentOfAsync("api", ct);
        Assert.Equal("{livekit.connectionString}", Expression(environment["LiveKit__Url"]));
        Assert.Equal("{livekit-api-key.value}", Expression(environment["LiveKit__ApiKey"]));
        // No default: the dev pair never reaches a deployment, azd asks for the values.
        Assert.Null(model.Get<ParameterResource>("livekit-api-key").Default);
        Assert.Null(model.Get<ParameterResource>("livekit-api-secret").Default);
    }

    [Fact]
    public async Task PublishingDescribesContainersWithoutVolumesOrComputeEnvironment()
    {
        await using var model = await AppModel.ForPublishAsync(TestContext.Current.CancellationToken);

        // azd provisions Azure Container Apps from the manifest itself; PostgreSQL cannot keep its data on Azure Files.
        Assert.DoesNotContain(model.Resources.OfType<ExecutableResource>(), resource => resource.Name is "postgres" or "redis");
        Assert.Empty(model.Resources.OfType<IComputeEnvironmentResource>());
        Assert.Empty(model.Get<PostgresServerResource>("postgres").Annotations.OfType<ContainerMountAnnotation>());
        Assert.Empty(model.Get<RedisResource>("redis").Annotations.OfType<ContainerMountAnnotation>());
    }

    [Fact]
    public async Task TheClientIsPublishedAsAStaticSiteThatForwardsApiRequestsToTheApi()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForPublishAsync(ct);

        // The execution context of this model is the publish one, so these are the variables the manifest holds.
        var environment = await model.EnvironmentOfAsync("client", ct);
        Assert.Equal("/api/{**catch-all}", environment["REVERSEPROXY__ROUTES__api__MATCH__PATH"]);
        Assert.Contains("REVERSEPROXY__CLUSTERS__api__DESTINATIONS__destination1__ADDRESS", environment.Keys);
        Assert.Equal("true", environment["YARP_ENABLE_STATIC_FILES"]);
    }
}
