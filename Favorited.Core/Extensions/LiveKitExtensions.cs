using Favorited.Core;
using Favorited.Core.LiveKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Polly;

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
        // Never retried: CreateIngress and StartRoomCompositeEgress are not idempotent, and a retry after a timeout (the
        // first call may well have succeeded) would leave a second ingress with a key nobody holds, or a second recording.
        // A failed call is answered as such, and the creator asks again; deletes are retried by IngressRevocation instead.
        builder.Services.AddHttpClient<IngressClient>(UseLiveKitServer).WithoutRetries();
        builder.Services.AddHttpClient<EgressClient>(UseLiveKitServer).WithoutRetries();

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(RoomServiceClient.ActivitySourceName));
        return builder;
    }

    private static void WithoutRetries(this IHttpClientBuilder client)
    {
        // Experimental in Microsoft.Extensions.Http.Resilience, but the documented way to drop the service defaults' handler.
#pragma warning disable EXTEXP0001
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddResilienceHandler("livekit-no-retry", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(30)));
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
