using Favorited.MigrationService;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddFavoritedDbContext(npgsql => MigrationOptions.Configure(npgsql, builder.Configuration));
builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(MigrationRunner.ActivitySourceName));
builder.Services.AddHostedService<MigrationRunner>();

builder.Build().Run();

// Keeps the entry point internal: test projects reference this executable next to the Api,
// and two public Program types would collide there.
internal partial class Program;
