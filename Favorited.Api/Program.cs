using Favorited.Api.Infrastructure;
using Favorited.Api.Livestreams;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseErrorEnvelopes();
app.MapDefaultEndpoints(componentName: "api");
app.MapLivestreamsApi();

app.Run();
