using Favorited.Api.Analytics;
using Favorited.Api.Broadcast;
using Favorited.Api.Chat;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Api.Invites;
using Favorited.Api.Livestreams;
using Favorited.Api.Participants;
using Favorited.Api.LiveUpdates;
using Favorited.Api.Moderation;
using Favorited.Api.Stage;
using Favorited.Api.Webhooks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.WarnInCompatibilityMode();

app.UseTrustedForwardedHeaders();
app.UseErrorEnvelopes();
app.UseStorableRequestText();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
// After authorization, so limits can partition by the caller.
app.UseRateLimiter();

app.MapDefaultEndpoints(componentName: "api", detailsPolicy: Policies.HealthDetails);
app.MapOpenApi().AllowAnonymous();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference().AllowAnonymous();
}
// Nobody signs in in compatibility mode, so neither accounts, invites, chat, moderation, the stage, edits nor analytics (all need to know
// the caller) are there.
if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.Accounts)
{
    app.MapAccountsApi();
    app.MapInvitesApi();
    app.MapIngressApi();
    app.MapLivestreamEditing();
    app.MapChatApi();
    app.MapModerationApi();
    app.MapStageApi();
    app.MapAnalyticsApi();
}
app.MapLivestreamsApi();
app.MapParticipantsApi();
app.MapLiveUpdatesApi();
app.MapWebhooksApi();

app.Run();
