using System.Net.Sockets;
using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Configuration;

namespace Favorited.AppHost;

/// <summary>
/// LiveKit for the services. A local run starts a <c>livekit-server --dev</c> container whose webhooks go to the
/// Api, unless the configuration holds <c>ConnectionStrings:livekit</c>: then that existing server (LiveKit Cloud)
/// is used, and its project has to send its webhooks to the Api itself. Publishing always uses the connection
/// string, since the dev server is not for deployment.
/// </summary>
internal static class LiveKitResources
{
    public const string Image = "livekit/livekit-server";
    public const string ImageTag = "v1.13.5";
    public const string WebhookPath = "/api/v1/webhooks/livekit";

    public static void AddLiveKit(this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> webhookReceiver, IResourceBuilder<ProjectResource>[] services)
    {
        var startsDevServer = builder.ExecutionContext.IsRunMode
            && string.IsNullOrEmpty(builder.Configuration.GetConnectionString("livekit"));

        // Parameters:livekit-api-key and Parameters:livekit-api-secret (user secrets, or azd's prompts); only for the
        // dev server do they default to the key pair livekit-server --dev documents.
        var apiKey = startsDevServer
            ? builder.AddParameter("livekit-api-key", new DevServerDefault("devkey"), secret: true)
            : builder.AddParameter("livekit-api-key", secret: true);
        var apiSecret = startsDevServer
            ? builder.AddParameter("livekit-api-secret", new DevServerDefault("secret"), secret: true)
            : builder.AddParameter("livekit-api-secret", secret: true);

        if (startsDevServer)
        {
            var liveKit = builder.AddLiveKitDevServer(apiKey, apiSecret, webhookReceiver.GetEndpoint("http"));
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
            var liveKit = builder.AddConnectionString("livekit");
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

    private static IResourceBuilder<ContainerResource> AddLiveKitDevServer(this IDistributedApplicationBuilder builder,
        IResourceBuilder<ParameterResource> apiKey, IResourceBuilder<ParameterResource> apiSecret, EndpointReference webhookReceiver)
    {
        return builder.AddContainer("livekit", Image, ImageTag)
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
                    - {webhookReceiver}{WebhookPath}
                """));
    }

    /// <summary>A parameter's value when the configuration gives none. Local runs only: it never reaches a manifest.</summary>
    private sealed class DevServerDefault(string value) : ParameterDefault
    {
        public override string GetDefaultValue() => value;

        public override void WriteToManifest(ManifestPublishingContext context) =>
            throw new InvalidOperationException("The livekit-server --dev key pair is not for deployments.");
    }
}
