using System.Net.Sockets;
using Aspire.Hosting.Dotnet;
using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Configuration;

namespace Favorited.AppHost;

/// <summary>
/// LiveKit for the services, one of three:
/// <list type="bullet">
/// <item>an existing server (LiveKit Cloud) when the configuration holds <c>ConnectionStrings:livekit</c> (or one of
/// its other names, see <see cref="OtherNames"/>), and always when publishing (its project has to send its webhooks
/// to the Api itself);</item>
/// <item>otherwise, with containers, a <c>livekit-server --dev</c> container whose webhooks go to the Api;</item>
/// <item>otherwise the LiveKit emulator (a project of this repository, speaking LiveKit's protocol) whose webhooks go
/// to the Api.</item>
/// </list>
/// </summary>
internal static class LiveKitResources
{
    public const string ResourceName = "livekit";
    public const string Image = "livekit/livekit-server";
    public const string ImageTag = "v1.13.5";
    public const string WebhookPath = "/api/v1/webhooks/livekit";

    // The key pair livekit-server --dev documents; the emulator's defaults are the same.
    private const string DevApiKey = "devkey";
    private const string DevApiSecret = "secret";

    // The AppHost's LiveKit settings under their other names, as run.sh documents them: the services' own and the
    // original orchestrator's (the aliases the services accept, Favorited.Core's OriginalVariableNames). Each stands in
    // only where the AppHost's key is unset, the services' name before the original's.
    private static readonly (string Key, string[] Names)[] OtherNames =
    [
        ($"ConnectionStrings:{ResourceName}", ["LiveKit:Url", "LIVEKIT_URL"]),
        ("Parameters:livekit-api-key", ["LiveKit:ApiKey", "LIVEKIT_API_KEY"]),
        ("Parameters:livekit-api-secret", ["LiveKit:ApiSecret", "LIVEKIT_API_SECRET"]),
    ];

    public static void AddLiveKit(this IDistributedApplicationBuilder builder, bool useContainers,
        IResourceBuilder<DotnetProjectResource> webhookReceiver, IResourceBuilder<DotnetProjectResource>[] services,
        IResourceBuilder<IResourceWithEnvironment> client)
    {
        builder.Configuration.AcceptOtherNames();
        var startsLocalServer = builder.ExecutionContext.IsRunMode
            && string.IsNullOrEmpty(builder.Configuration.GetConnectionString(ResourceName));

        // Parameters:livekit-api-key and Parameters:livekit-api-secret (user secrets, or azd's prompts); only for a
        // local server do they default to the development key pair.
        var apiKey = startsLocalServer
            ? builder.AddParameter("livekit-api-key", new DevelopmentDefault(DevApiKey), secret: true)
            : builder.AddParameter("livekit-api-key", secret: true);
        var apiSecret = startsLocalServer
            ? builder.AddParameter("livekit-api-secret", new DevelopmentDefault(DevApiSecret), secret: true)
            : builder.AddParameter("livekit-api-secret", secret: true);

        if (startsLocalServer)
        {
            var webhookUrl = ReferenceExpression.Create($"{webhookReceiver.GetEndpoint("http")}{WebhookPath}");
            IResourceBuilder<IResourceWithEndpoints> liveKit = useContainers
                ? builder.AddLiveKitDevServer(apiKey, apiSecret, webhookUrl)
                : builder.AddLiveKitEmulator(apiKey, apiSecret, webhookUrl, client);
            var http = liveKit.GetEndpoint("http");
            foreach (var service in services)
            {
                service
                    .WithEnvironment("LiveKit__Url", http)
                    .WithEnvironment("LiveKit__PublicUrl", ReferenceExpression.Create($"ws://{http.Property(EndpointProperty.HostAndPort)}"))
                    .WaitFor(liveKit);
            }
        }
        else
        {
            // LiveKit__PublicUrl is left out: the services derive it from LiveKit__Url (https becomes wss).
            var liveKit = builder.AddConnectionString(ResourceName);
            foreach (var service in services)
            {
                service.WithEnvironment("LiveKit__Url", liveKit);
            }
        }

        foreach (var service in services)
        {
            service
                .WithEnvironment("LiveKit__ApiKey", apiKey)
                .WithEnvironment("LiveKit__ApiSecret", apiSecret);
        }
    }

    private static void AcceptOtherNames(this ConfigurationManager configuration)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, names) in OtherNames)
        {
            if (string.IsNullOrEmpty(configuration[key])
                && names.Select(name => configuration[name]).FirstOrDefault(value => !string.IsNullOrEmpty(value)) is { } value)
            {
                settings[key] = value;
            }
        }
        configuration.AddInMemoryCollection(settings);
    }

    private static IResourceBuilder<DotnetProjectResource> AddLiveKitEmulator(this IDistributedApplicationBuilder builder,
        IResourceBuilder<ParameterResource> apiKey, IResourceBuilder<ParameterResource> apiSecret, ReferenceExpression webhookUrl,
        IResourceBuilder<IResourceWithEnvironment> client)
    {
        var emulator = builder.AddDotnetProject(ResourceName, "../tools/Favorited.LiveKitEmulator")
            .WithEnvironment("Emulator__ApiKey", apiKey)
            .WithEnvironment("Emulator__ApiSecret", apiSecret)
            .WithEnvironment("Emulator__WebhookUrls__0", webhookUrl)
            .WithHttpHealthCheck("/");
        // The Vite dev server forwards /_emulator to it, so that a browser tab whose media connection fails (there is
        // no WebRTC here) can still be counted as connected.
        client.WithEnvironment("FAVORITED_EMULATOR_URL", emulator.GetEndpoint("http"));
        return emulator;
    }

    private static IResourceBuilder<ContainerResource> AddLiveKitDevServer(this IDistributedApplicationBuilder builder,
        IResourceBuilder<ParameterResource> apiKey, IResourceBuilder<ParameterResource> apiSecret, ReferenceExpression webhookUrl)
    {
        return builder.AddContainer(ResourceName, Image, ImageTag)
            // --node-ip is the address in the ICE candidates handed to browsers. The media ports are published on the
            // host under their own numbers, so a browser on this machine reaches them at 127.0.0.1, whatever address
            // the container has (under Docker Desktop the host cannot reach that one).
            .WithArgs("--dev", "--bind", "0.0.0.0", "--node-ip", "127.0.0.1")
            .WithHttpEndpoint(port: 7880, targetPort: 7880, name: "http")
            .WithEndpoint(port: 7881, targetPort: 7881, name: "rtc-tcp", isProxied: false)
            .WithEndpoint(port: 7882, targetPort: 7882, name: "rtc-udp", isProxied: false, protocol: ProtocolType.Udp)
            .WithHttpHealthCheck("/")
            // Resolved for the container, the Api's endpoint is an address on the container network (the Aspire
            // container tunnel), not localhost.
            .WithEnvironment("LIVEKIT_CONFIG", ReferenceExpression.Create($"""
                keys:
                  {apiKey}: {apiSecret}
                webhook:
                  api_key: {apiKey}
                  urls:
                    - {webhookUrl}
                """));
    }

    /// <summary>A parameter's value when the configuration gives none. Local runs only: it never reaches a manifest.</summary>
    private sealed class DevelopmentDefault(string value) : ParameterDefault
    {
        public override string GetDefaultValue() => value;

        public override void WriteToManifest(ManifestPublishingContext context) =>
            throw new InvalidOperationException("The development key pair of a local LiveKit is not for deployments.");
    }
}
