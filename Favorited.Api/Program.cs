var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFavoritedDbContext();
builder.AddFavoritedRedis();

var app = builder.Build();

app.MapDefaultEndpoints(componentName: "api");

app.Run();
