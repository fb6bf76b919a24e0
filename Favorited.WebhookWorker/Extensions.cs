using Favorited.Core;
using Favorited.WebhookWorker;
using Favorited.WebhookWorker.Consuming;
using Favorited.WebhookWorker.Jobs;
using Favorited.WebhookWorker.Processing;
using Favorited.WebhookWorker.Processing.Handlers;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class Extensions
{
    public static void AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddFavoritedDbContext();
        builder.AddFavoritedRedis();
        builder.AddLiveKit();
        builder.AddLiveState();
        builder.AddLifecycles();
        builder.AddAudienceAnalytics();

        builder.Services.AddOptions<WebhookOptions>()
            .BindConfigurationOrOriginalNames(WebhookOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<WebhookStream>();
        builder.Services.AddSingleton<WebhookRunApplier>();
        builder.Services.AddSingleton<SingleRunnerLock>();
        builder.Services.AddScoped<WebhookProcessor>();
        builder.Services.AddSingleton<WebhookEventHandlers>();
        builder.Services.AddSingleton<IWebhookEventHandler, ParticipantJoinedHandler>();
        builder.Services.AddSingleton<IWebhookEventHandler, ParticipantLeftHandler>();
        builder.Services.AddSingleton<IWebhookEventHandler, RoomStartedHandler>();
        builder.Services.AddSingleton<IWebhookEventHandler, RoomFinishedHandler>();
        builder.Services.AddSingleton<IWebhookEventHandler, IngressStartedHandler>();
        builder.Services.AddSingleton<IWebhookEventHandler, IngressEndedHandler>();

        builder.Services.AddHostedService<WebhookConsumer>();
        builder.Services.AddHostedService<TrailingCountFlusher>();
        builder.Services.AddHostedService<WebhookEventsCleanupJob>();
        builder.Services.AddHostedService<ReconciliationJob>();
        builder.Services.AddHostedService<AnalyticsSnapshotJob>();
        builder.Services.AddHostedService<AnalyticsCleanupJob>();

        builder.Services.AddHealthChecks()
            .AddCheck<WebhookStreamHealthCheck>("webhooks", timeout: TimeSpan.FromSeconds(5));
    }
}
