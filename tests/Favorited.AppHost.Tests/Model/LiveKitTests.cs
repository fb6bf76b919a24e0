using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using static Favorited.AppHost.Tests.AppModel;

namespace Favorited.AppHost.Tests.Model;

/// <summary>
/// LiveKit of a local run: the emulator without containers, the dev server container with them, and the switch to an
/// existing LiveKit.
/// </summary>
public sealed class LiveKitTests
{
    [Fact]
    public async Task WithoutContainersTheEmulatorSendsItsWebhooksToTheApiSignedWithTheServicesKeyPair()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        Assert.Empty(model.Resources.OfType<ContainerResource>());
        var environment = await model.EnvironmentOfAsync("livekit", ct);
        Assert.Equal("{api.bindings.http.url}/api/v1/webhooks/livekit", Expression(environment["Emulator__WebhookUrls__0"]));
        Assert.Equal("{livekit-api-key.value}", Expression(environment["Emulator__ApiKey"]));
        Assert.Equal("{livekit-api-secret.value}", Expression(environment["Emulator__ApiSecret"]));
        // The client's dev server forwards /_emulator to it (tabs count as connected without WebRTC).
        Assert.Equal("{livekit.bindings.http.url}", Expression((await model.EnvironmentOfAsync("client", ct))["FAVORITED_EMULATOR_URL"]));
    }

    [Fact]
    public async Task WithContainersALocalRunStartsTheLiveKitDevServerImage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForContainerRunAsync(ct);

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
        await using var model = await AppModel.ForContainerRunAsync(ct);

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
        var webhookUrl = Assert.Single(config.ValueProviders.OfType<ReferenceExpression>());
        var webhookTarget = Assert.Single(webhookUrl.ValueProviders.OfType<EndpointReference>());
        Assert.Equal("api", webhookTarget.Resource.Name);
        Assert.Null(webhookTarget.ContextNetworkID);
    }

    [Fact]
    public async Task ItsSignalAndMediaPortsArePublishedOnTheHost()
    {
        await using var model = await AppModel.ForContainerRunAsync(TestContext.Current.CancellationToken);

        var endpoints = model.Get<ContainerResource>("livekit").Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
        Assert.Equal(7880, endpoints["http"].TargetPort);
        // ICE candidates carry 127.0.0.1 and the container's port numbers, so the host ports must be the same.
        Assert.Equal((7881, 7881, false), (endpoints["rtc-tcp"].Port, endpoints["rtc-tcp"].TargetPort, endpoints["rtc-tcp"].IsProxied));
        Assert.Equal((7882, 7882, false), (endpoints["rtc-udp"].Port, endpoints["rtc-udp"].TargetPort, endpoints["rtc-udp"].IsProxied));
        Assert.Equal(System.Net.Sockets.ProtocolType.Udp, endpoints["rtc-udp"].Protocol);
    }

    [Fact]
    public async Task AnExistingLiveKitReplacesTheLocalOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct, "--ConnectionStrings:livekit=wss://favorited.livekit.cloud");

        Assert.IsNotAssignableFrom<IResourceWithEndpoints>(model.Get<IResourceWithConnectionString>("livekit"));
        var environment = await model.EnvironmentOfAsync("api", ct);
        Assert.Equal("{livekit.connectionString}", Expression(environment["LiveKit__Url"]));
        Assert.DoesNotContain("LiveKit__PublicUrl", environment.Keys);
        // The dev pair would be refused by that server: its key pair has to be configured.
        await Assert.ThrowsAsync<MissingParameterValueException>(
            async () => await model.Get<ParameterResource>("livekit-api-key").GetValueAsync(ct));
    }

    [Theory]
    [InlineData("LiveKit:Url")]
    [InlineData("LIVEKIT_URL")]
    public async Task TheServicesNameOrTheOriginalsForTheUrlAlsoSelectsAnExistingLiveKit(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct, $"--{name}=wss://favorited.livekit.cloud");

        var liveKit = model.Get<IResourceWithConnectionString>("livekit");

        Assert.IsNotAssignableFrom<IResourceWithEndpoints>(liveKit);
        Assert.Equal("wss://favorited.livekit.cloud", await liveKit.GetConnectionStringAsync(ct));
    }

    [Theory]
    [InlineData("LiveKit:ApiKey", "LiveKit:ApiSecret")]
    [InlineData("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET")]
    public async Task TheServicesNamesOrTheOriginalsForTheKeyPairSetItsParameters(string keyName, string secretName)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct,
            "--ConnectionStrings:livekit=wss://favorited.livekit.cloud", $"--{keyName}=key-1", $"--{secretName}=secret-1");

        Assert.Equal("key-1", await model.Get<ParameterResource>("livekit-api-key").GetValueAsync(ct));
        Assert.Equal("secret-1", await model.Get<ParameterResource>("livekit-api-secret").GetValueAsync(ct));
    }

    [Fact]
    public async Task TheAppHostsOwnKeysWinThenTheServicesNames()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct,
            "--ConnectionStrings:livekit=wss://own.livekit.cloud", "--LiveKit:Url=wss://services.livekit.cloud", "--LIVEKIT_URL=wss://original.livekit.cloud",
            "--LiveKit:ApiKey=services-key", "--LIVEKIT_API_KEY=original-key",
            "--Parameters:livekit-api-secret=own-secret", "--LIVEKIT_API_SECRET=original-secret");

        Assert.Equal("wss://own.livekit.cloud", await model.Get<IResourceWithConnectionString>("livekit").GetConnectionStringAsync(ct));
        Assert.Equal("services-key", await model.Get<ParameterResource>("livekit-api-key").GetValueAsync(ct));
        Assert.Equal("own-secret", await model.Get<ParameterResource>("livekit-api-secret").GetValueAsync(ct));
    }
}
