using Favorited.Core.LiveState;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class LiveStateExtensions
{
    /// <summary>Registers the Redis live-state store (needs <see cref="RedisExtensions.AddFavoritedRedis{TBuilder}"/>).</summary>
    public static TBuilder AddLiveState<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<LiveStateOptions>().BindConfiguration(LiveStateOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LiveStateStore>();
        return builder;
    }
}
