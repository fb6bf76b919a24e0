using Favorited.Core.Chat;
using Favorited.Core.Livestreams;
using Favorited.Core.Invites;
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
        builder.Services.AddScoped<SessionLifecycle>();
        builder.Services.AddScoped<Invitations>();
        builder.Services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<StreamChat>();
        return builder;
    }
}
