using System.Net.Sockets;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var database = postgres.AddDatabase("favorited");
var redis = builder.AddRedis("redis").WithDataVolume();

// Parameters:livekit-api-key and Parameters:livekit-api-secret. Only appsettings.Development.json (local runs)
// holds a value, the livekit-server --dev pair; a deployment has to be given real ones.
var liveKitApiKey = builder.AddParameter("livekit-api-key", secret: true);
var liveKitApiSecret = builder.AddParameter("livekit-api-secret", secret: true);

var migrations = builder.AddProject<Projects.Favorited_MigrationService>("migrations")
    .WithReference(database)
    .WaitFor(database);

var api = builder.AddProject<Projects.Favorited_Api>("api")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

var worker = builder.AddProject<Projects.Favorited_WebhookWorker>("worker")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

IResourceBuilder<ProjectResource>[] liveKitUsers = [api, worker];

// A local run starts a LiveKit dev server, unless ConnectionStrings:livekit is set in the AppHost's configuration
// (e.g. `dotnet user-secrets set ConnectionStrings:livekit wss://<project>.livekit.cloud`, with the key and secret
// parameters set to that project's pair); that LiveKit then gets the webhook URL in its own settings.
// Publishing always uses the connection string: the --dev server is not for deployment.
if (builder.ExecutionContext.IsRunMode && string.IsNullOrEmpty(builder.Configuration["ConnectionStrings:livekit"]))
{
    var liveKit = builder.AddContainer("livekit", "livekit/livekit-server", "v1.13.5")
        .WithArgs("--dev", "--bind", "0.0.0.0")
        .WithHttpEndpoint(port: 7880, targetPort: 7880, name: "http")
        // WebRTC media: ICE candidates carry the container ports, so the host ports must be the same.
        .WithEndpoint(port: 7881, targetPort: 7881, name: "rtc-tcp", isProxied: false)
        .WithEndpoint(port: 7882, targetPort: 7882, name: "rtc-udp", isProxied: false, protocol: ProtocolType.Udp)
        .WithHttpHealthCheck("/")
        // Resolved for a container, the Api's endpoint is an address reachable from the container network
        // (the Aspire container tunnel, or the container host name such as host.docker.internal).
        .WithEnvironment("LIVEKIT_CONFIG", ReferenceExpression.Create($"""
            keys:
              {liveKitApiKey}: {liveKitApiSecret}
            webhook:
              api_key: {liveKitApiKey}
              urls:
                - {api.GetEndpoint("http")}/api/v1/webhooks/livekit
            """));

    var liveKitHttp = liveKit.GetEndpoint("http");
    foreach (var service in liveKitUsers)
    {
        service
            .WithEnvironment("LiveKit__Url", liveKitHttp)
            .WithEnvironment("LiveKit__PublicUrl", ReferenceExpression.Create($"ws://{liveKitHttp.Property(EndpointProperty.HostAndPort)}"));
    }
}
else
{
    // LiveKit__PublicUrl is left out: the services derive it from LiveKit__Url (https becomes wss).
    var liveKit = builder.AddConnectionString("livekit");
    foreach (var service in liveKitUsers)
    {
        service.WithEnvironment("LiveKit__Url", liveKit);
    }
}

foreach (var service in liveKitUsers)
{
    service
        .WithEnvironment("LiveKit__ApiKey", liveKitApiKey)
        .WithEnvironment("LiveKit__ApiSecret", liveKitApiSecret);
}

builder.AddViteApp("client", "../client")
    .WithReference(api)
    .WaitFor(api)
    .WithExternalHttpEndpoints();

builder.Build().Run();
