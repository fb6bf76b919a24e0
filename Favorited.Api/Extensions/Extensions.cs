using Favorited.Api.Identity;
using System.Text.Json.Serialization;
using Favorited.Api.Infrastructure;
using Favorited.Api.Livestreams;
using Favorited.Api.LiveUpdates;
using Microsoft.AspNetCore.Http.Json;

namespace Microsoft.Extensions.Hosting;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddFavoritedDbContext();
        builder.AddFavoritedRedis();
        builder.AddLiveKit();
        builder.AddLiveState();
        builder.AddLifecycles();
        builder.AddFavoritedIdentity();
        builder.Services.AddSingleton<Favorited.Core.Webhooks.WebhookQueue>();
        builder.AddServerSentEvents();
        builder.AddLivestreamListCache();
        builder.Services.AddFavoritedRateLimits(builder.Configuration);
        builder.Services.AddFavoritedCors(builder.Configuration);
        builder.Services.AddOpenApi(options => options.AddBearerSecurity());
        builder.Services.AddProxyTrust();

        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        });
        // Binding failures (malformed JSON, wrong types) become exceptions that the error envelope describes.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options =>
            options.Limits.MaxRequestBodySize = ErrorEnvelopeExtensions.MaxRequestBodyBytes);
    }

    private static void AddLivestreamListCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LivestreamListOptions>().BindConfiguration(LivestreamListOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LivestreamListCache>();
        builder.Services.AddHostedService<LivestreamListInvalidation>();
    }

    private static void AddServerSentEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SseOptions>().BindConfiguration(SseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<StreamEventFrames>();
        builder.Services.AddSingleton<StreamEventHub>();
        builder.Services.AddHealthChecks().AddCheck<SseHealthCheck>("sse");
    }
}
