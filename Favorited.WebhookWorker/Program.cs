// A web host so that it can answer /health and /alive; its work runs in hosted services.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints(componentName: "worker");

app.Run();
