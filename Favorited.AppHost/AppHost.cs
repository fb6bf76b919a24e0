using Favorited.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// With a running container runtime (and always when publishing), PostgreSQL, Redis and LiveKit are containers. Without
// one, PostgreSQL and Redis are processes of the machine's own server programs and LiveKit is the emulator. The
// services cannot tell the difference: both expose the same connection strings. See ContainerRuntime and DataResources.
var useContainers = ContainerRuntime.IsUsed(builder);

var (database, postgres) = builder.AddFavoritedDatabase(useContainers);
var redis = builder.AddFavoritedRedis(useContainers);

var migrations = builder.AddDotnetProject("migrations", "../Favorited.MigrationService")
    .WithReference(database)
    .WaitFor(postgres);

var api = builder.AddDotnetProject("api", "../Favorited.Api")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithConfiguredReplicas(builder.Configuration, Replicas.ApiKey);

// `Auth__Mode=Compatibility ./run.sh` must reach the Api, which gets only the environment given here.
if (builder.Configuration["Auth:Mode"] is { Length: > 0 } authMode)
{
    api.WithEnvironment("Auth__Mode", authMode);
}

var worker = builder.AddDotnetProject("webhookworker", "../Favorited.WebhookWorker")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithConfiguredReplicas(builder.Configuration, Replicas.WorkerKey)
    .WithStableConsumerName();

// npm packages are installed by ./run.sh and ./test.sh (npm ci, only when package-lock.json changed), not on every start.
var client = builder.AddViteApp("client", "../client")
    .WithNpm(install: false)
    .WithEndpoint("http", endpoint => endpoint.Port = 5173)
    .WithHttpHealthCheck("/")
    .WithReference(api)
    .WaitFor(api)
    .WithExternalHttpEndpoints();

builder.AddLiveKit(useContainers, webhookReceiver: api, services: [api, worker], client: client);

// Published, the client is its built files served by a YARP container that forwards /api to the Api, as the Vite
// dev server's proxy does locally.
#pragma warning disable ASPIREJAVASCRIPT001 // Experimental.
client.PublishAsStaticWebsite("/api", api);
#pragma warning restore ASPIREJAVASCRIPT001

builder.Build().Run();
