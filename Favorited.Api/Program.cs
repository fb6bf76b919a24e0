using Favorited.Api.Infrastructure;
using Favorited.Api.Livestreams;
using Favorited.Api.Participants;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseErrorEnvelopes();
app.MapDefaultEndpoints(componentName: "api");
app.MapLivestreamsApi();
app.MapParticipantsApi();

app.Run();
