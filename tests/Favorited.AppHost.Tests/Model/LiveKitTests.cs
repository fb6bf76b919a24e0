using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using static Favorited.AppHost.Tests.AppModel;

namespace Favorited.AppHost.Tests.Model;

/// <summary>The LiveKit dev server container of a local run, and the switch to an existing LiveKit.</summary>
public sealed class LiveKitTests
{
    [Fact]
    public async Task ALocalRunStartsTheLiveKitDevServerImage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        var liveKit = model.Get<ContainerResource>("livekit");
        var image = Assert.Single(liveKit.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("livekit/livekit-server", image.Image);
        Assert.Equal("v1.13.5", image.Tag);

        var arguments = (await model.ArgumentsOfAsync("livekit", ct)).Select(Expression).ToList();
        Assert.Equal(["--dev", "--bind", "0.0.0.0", "--node-ip", "127.0.0.1"], arguments);
    }

    [Fact]
    public async Task ItsWebhooksGoToTheApisWebhookRouteSignedWithTheServicesKeyPair()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        var environment = await model.EnvironmentOfAsync("livekit", ct);

        var config = Assert.IsType<ReferenceExpression>(environment["LIVEKIT_CONFIG"]);
        var lines = config.ValueExpression.Split('\n').Select(line => line.TrimEnd()).ToList();
        Assert.Equal(
        [
            "keys:",
            "  {livekit-api-key.value}: {livekit-api-secret.value}",
            "webhook:",
            "  api_key: {livekit-api-key.value}",
            "  urls:",
            "    - {api.bindings.http.url}/api/v1/webhooks/livekit",
        ], lines);

        // Not pinned to a network: resolved for the container, the Api's address is one the container can reach.
        var webhookTarget = Assert.Single(config.ValueProviders.OfType<EndpointReference>());
        Assert.Equal("api", webhookTarget.Resource.Name);
        Assert.Null(webhookTarget.ContextNetworkID);
    }

    [Fact]
    public async Task ItsSignalAndMediaPortsArePublishedOnTheHost()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var endpoints = model.Get<ContainerResource>("livekit").Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
        Assert.Equal(7880, endpoints["http"].TargetPort);
        // ICE candidates carry 127.0.0.1 and the container's port numbers, so the host ports must be the same.
        Assert.Equal((7881, 7881, false), (endpoints["rtc-tcp"].Port, endpoints["rtc-tcp"].TargetPort, endpoints["rtc-tcp"].IsProxied));
        Assert.Equal((7882, 7882, false), (endpoints["rtc-udp"].Port, endpoints["rtc-udp"].TargetPort, endpoints["rtc-udp"].IsProxied));
        Assert.Equal(System.Net.Sockets.ProtocolType.Udp, endpoints["rtc-udp"].Protocol);
    }

    [Fact]
    public async Task AnExistingLiveKitReplacesTheContainer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct, "--ConnectionStrings:livekit=wss://favorited.livekit.cloud");

        Assert.DoesNotContain(model.Resources, resource => resource is ContainerResource { Name: "livekit" });
        var environment = await model.EnvironmentOfAsync("api", ct);
        Assert.Equal("{livekit.connectionString}", Expression(environment["LiveKit__Url"]));
        Assert.DoesNotContain("LiveKit__PublicUrl", environment.Keys);
        // The dev pair would be refused by that server: its key pair has to be configured.
        await Assert.ThrowsAsync<MissingParameterValueException>(
            async () => await model.Get<ParameterResource>("livekit-api-key").GetValueAsync(ct));
    }
}
