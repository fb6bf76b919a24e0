var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var database = postgres.AddDatabase("favorited");
var redis = builder.AddRedis("redis").WithDataVolume();

var migrations = builder.AddProject<Projects.Favorited_MigrationService>("migrations")
    .WithReference(database)
    .WaitFor(database);

builder.AddProject<Projects.Favorited_Api>("api")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.Favorited_WebhookWorker>("worker")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
