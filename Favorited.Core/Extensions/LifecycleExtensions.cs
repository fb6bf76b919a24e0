using Favorited.Core.Analytics;
using Favorited.Core.Broadcast;
using Favorited.Core.Chat;
using Favorited.Core.Livestreams;
using Favorited.Core.Invites;
using Favorited.Core.LiveState;
using Favorited.Core.Moderation;
using Favorited.Core.Stage;
using Favorited.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class LifecycleExtensions
{
    /// <summary>
    /// Registers the livestream and session lifecycles (needs the database, LiveKit and live state: see
    /// <see cref="DatabaseExtensions"/>, <see cref="LiveKitExtensions"/>, <see cref="LiveStateExtensions"/>).
    /// </summary>
    public static TBuilder AddLifecycles<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddScoped<LivestreamLifecycle>();
        builder.Services.AddScoped<IngressRevocation>();
        builder.Services.AddScoped<SessionLifecycle>();
        builder.Services.AddScoped<Invitations>();
        return builder;
    }

    /// <summary>
    /// Registers what people do inside a stream: chat, moderation and the stage (needs <see cref="AddLifecycles"/> and an
    /// <see cref="IStreamAnnouncer"/>, which the Api provides).
    /// </summary>
    public static TBuilder AddLiveInteraction<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<StreamChat>();
        builder.Services.AddScoped<Moderation>();
        builder.Services.AddScoped<StageRules>();
        return builder;
    }

    /// <summary>Audience analytics: the Api answers them, the worker keeps ended streams' snapshots current.</summary>
    public static TBuilder AddAudienceAnalytics<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LiveAnalyticsCache>();
        builder.Services.AddSingleton<SnapshotCache>();
        builder.Services.AddScoped<StreamAnalyticsService>();
        return builder;
    }
}
