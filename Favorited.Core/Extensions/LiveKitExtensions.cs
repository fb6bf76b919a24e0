using Favorited.Core;
using Favorited.Core.LiveKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class LiveKitExtensions
{
    /// <summary>
    /// Registers the LiveKit options (validated on start), the token issuer, the webhook verifier and the
    /// RoomService, Ingress and Egress clients (typed HttpClients, so they get the service-defaults resilience handler).
    /// </summary>
    public static TBuilder AddLiveKit<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<LiveKitOptions>()
            .BindConfigurationOrOriginalNames(LiveKitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddTimeProvider();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<WebhookVerifier>();
        builder.Services.AddHttpClient<RoomServiceClient>(UseLiveKitServer);
        builder.Services.AddHttpClient<IngressClient>(UseLiveKitServer);
        builder.Services.AddHttpClient<EgressClient>(UseLiveKitServer);

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(RoomServiceClient.ActivitySourceName));
        return builder;
    }

    private static void UseLiveKitServer(IServiceProvider services, HttpClient http) =>
        http.BaseAddress = services.GetRequiredService<IOptions<LiveKitOptions>>().Value.GetApiBaseUri();

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(descriptor => descriptor.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
