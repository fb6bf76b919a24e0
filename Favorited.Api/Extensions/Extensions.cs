using Favorited.Api.Identity;
using System.Text.Json.Serialization;
using Favorited.Api.Infrastructure;
using Favorited.Api.Livestreams;
using Favorited.Api.LiveUpdates;
using Favorited.Api.Webhooks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
        builder.Services.AddSingleton<Favorited.Core.LiveState.IStreamAnnouncer, StreamAnnouncer>();
        builder.AddLiveInteraction();
        builder.AddAudienceAnalytics();
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
            options.SerializerOptions.Converters.Add(new StorableStringConverter());
        });
        // Binding failures (malformed JSON, wrong types) become exceptions that the error envelope describes.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<KestrelServerOptions>(options =>
            SetServerLimits(options.Limits, builder.Configuration.GetSection("Kestrel:Limits"),
                builder.Configuration.GetSection(SseOptions.SectionName).Get<SseOptions>() ?? new SseOptions()));
    }

    /// <summary>
    /// Kestrel's limits, each overridable under <c>Kestrel:Limits</c>. Connections: the event streams this process allows
    /// (<c>Sse:MaxConnections</c>) and 5,000 more for ordinary requests beside them. No upgrades: the Api has no WebSocket endpoint.
    /// Idle keep-alive connections close after 130 s, longer than proxies keep theirs to us (nginx: 60 s), so a proxy never
    /// reuses one Kestrel is closing. Headers must arrive within 15 s (a slow-headers client holds a connection for nothing).
    /// The minimum response data rate stays Kestrel's own (240 B/s after a 5 s grace) except on event streams, which turn
    /// it off for themselves (see <see cref="ServerSentEventsResult"/>).
    /// </summary>
    private static void SetServerLimits(KestrelServerLimits limits, IConfiguration configured, SseOptions sse)
    {
        limits.MaxRequestBodySize = ErrorEnvelopeExtensions.MaxRequestBodyBytes;
        limits.MaxConcurrentConnections = configured.GetValue<long?>(nameof(limits.MaxConcurrentConnections))
            ?? sse.MaxConnections + 5_000;
        limits.MaxConcurrentUpgradedConnections = configured.GetValue<long?>(nameof(limits.MaxConcurrentUpgradedConnections)) ?? 0;
        limits.KeepAliveTimeout = configured.GetValue<TimeSpan?>(nameof(limits.KeepAliveTimeout)) ?? TimeSpan.FromSeconds(130);
        limits.RequestHeadersTimeout = configured.GetValue<TimeSpan?>(nameof(limits.RequestHeadersTimeout)) ?? TimeSpan.FromSeconds(15);
        var rate = configured.GetSection(nameof(limits.MinResponseDataRate));
        limits.MinResponseDataRate = new MinDataRate(
            rate.GetValue<double?>(nameof(MinDataRate.BytesPerSecond)) ?? 240,
            rate.GetValue<TimeSpan?>(nameof(MinDataRate.GracePeriod)) ?? TimeSpan.FromSeconds(5));
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
        // The original's component names, which its monitors read.
        builder.Services.AddHealthChecks()
            .AddCheck<WebhookQueueHealthCheck>("queue", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<StateHealthCheck>("state");
    }
}
