using Favorited.Api.Infrastructure;
using Favorited.Api.Livestreams;
using Favorited.Api.Participants;
using Favorited.Api.LiveUpdates;
using Favorited.Api.Webhooks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseErrorEnvelopes();
app.UseCors();
app.UseRateLimiter();

app.MapDefaultEndpoints(componentName: "api");
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}
app.MapLivestreamsApi();
app.MapParticipantsApi();
app.MapLiveUpdatesApi();
app.MapWebhooksApi();

app.Run();
