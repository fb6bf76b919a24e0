using Favorited.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Docker keeps the data of local runs and of Docker Compose deployments in volumes. Azure Container Apps would put
// them on Azure Files, where PostgreSQL cannot start (microsoft/aspire#6671); a deployment there gets no volumes and
// should move its data to managed services.
var keepsData = builder.ExecutionContext.IsRunMode || builder.PublishesToDockerCompose();

var postgres = builder.AddPostgres("postgres");
var redis = builder.AddRedis("redis");
if (keepsData)
{
    postgres.WithDataVolume();
    redis.WithDataVolume();
}
var database = postgres.AddDatabase("favorited");

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

var worker = builder.AddProject<Projects.Favorited_WebhookWorker>("webhookworker")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddLiveKit(webhookReceiver: api, services: [api, worker]);

var client = builder.AddViteApp("client", "../client")
    .WithReference(api)
    .WaitFor(api)
    .WithExternalHttpEndpoints();

// Published, the client is its built files served by a YARP container that forwards /api to the Api, as the Vite
// dev server's proxy does locally.
#pragma warning disable ASPIREJAVASCRIPT001 // Experimental in Aspire 13.5.
client.PublishAsStaticWebsite("/api", api);
#pragma warning restore ASPIREJAVASCRIPT001

builder.AddComputeEnvironment();

builder.Build().Run();
