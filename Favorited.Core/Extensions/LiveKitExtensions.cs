using Favorited.Core.LiveKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class LiveKitExtensions
{
    /// <summary>
    /// Registers the LiveKit options (validated on start), the token issuer, the webhook verifier and the
    /// RoomService client (a typed HttpClient, so it gets the service-defaults resilience handler).
    /// </summary>
    public static TBuilder AddLiveKit<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<LiveKitOptions>()
            .BindConfiguration(LiveKitOptions.SectionName)
            .PostConfigure<IConfiguration>(ApplyOriginalVariableNames)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddTimeProvider();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<WebhookVerifier>();
        builder.Services.AddHttpClient<RoomServiceClient>((services, http) =>
            http.BaseAddress = services.GetRequiredService<IOptions<LiveKitOptions>>().Value.GetApiBaseUri());

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(RoomServiceClient.ActivitySourceName));
        return builder;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(descriptor => descriptor.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    // The original read LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and TOKEN_EXPIRATION_HOURS.
    private static void ApplyOriginalVariableNames(LiveKitOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrEmpty(options.Url) && configuration["LIVEKIT_URL"] is { Length: > 0 } url)
        {
            options.Url = url;
        }
        if (string.IsNullOrEmpty(options.ApiKey) && configuration["LIVEKIT_API_KEY"] is { Length: > 0 } key)
        {
            options.ApiKey = key;
        }
        if (string.IsNullOrEmpty(options.ApiSecret) && configuration["LIVEKIT_API_SECRET"] is { Length: > 0 } secret)
        {
            options.ApiSecret = secret;
        }
        if (configuration[$"{LiveKitOptions.SectionName}:TokenTtl"] is null
            && double.TryParse(configuration["TOKEN_EXPIRATION_HOURS"], System.Globalization.CultureInfo.InvariantCulture, out var hours))
        {
            options.TokenTtl = TimeSpan.FromHours(hours);
        }
    }
}
