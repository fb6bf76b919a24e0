// A web host only so that it can answer /health and /alive; its work runs in hosted services.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFavoritedDbContext();
builder.AddFavoritedRedis();

var app = builder.Build();

app.MapDefaultEndpoints(componentName: "worker");

app.Run();
