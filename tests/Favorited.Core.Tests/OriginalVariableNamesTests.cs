using Favorited.Core.LiveKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Favorited.Core.Tests;

/// <summary>The original orchestrator's variable names, accepted where Favorited's own settings are unset.</summary>
public sealed class OriginalVariableNamesTests
{
    [Fact]
    public void TheOriginalsLiveKitVariablesConfigureLiveKit()
    {
        var options = LiveKitOptionsFrom(new()
        {
            ["LIVEKIT_URL"] = "wss://lk.example.com",
            ["LIVEKIT_API_KEY"] = "key-1",
            ["LIVEKIT_API_SECRET"] = "secret-1",
            ["TOKEN_EXPIRATION_HOURS"] = "2",
        });

        Assert.Equal("wss://lk.example.com", options.Url);
        Assert.Equal("key-1", options.ApiKey);
        Assert.Equal("secret-1", options.ApiSecret);
        Assert.Equal(TimeSpan.FromHours(2), options.TokenTtl);
    }

    [Fact]
    public void FavoritedsOwnSettingsWin()
    {
        var options = LiveKitOptionsFrom(new()
        {
            ["LIVEKIT_URL"] = "wss://original.example.com",
            ["LiveKit:Url"] = "wss://favorited.example.com",
            ["LIVEKIT_API_KEY"] = "original-key",
            ["LiveKit:ApiKey"] = "favorited-key",
            ["LIVEKIT_API_SECRET"] = "original-secret",
            ["LiveKit:ApiSecret"] = "favorited-secret",
            ["TOKEN_EXPIRATION_HOURS"] = "2",
            ["LiveKit:TokenTtl"] = "00:30:00",
        });

        Assert.Equal("wss://favorited.example.com", options.Url);
        Assert.Equal("favorited-key", options.ApiKey);
        Assert.Equal("favorited-secret", options.ApiSecret);
        Assert.Equal(TimeSpan.FromMinutes(30), options.TokenTtl);
    }

    [Fact]
    public void AnEmptySettingIsUnsetAndAnEmptyAliasIsIgnored()
    {
        var options = LiveKitOptionsFrom(new()
        {
            ["LIVEKIT_URL"] = "wss://lk.example.com",
            ["LiveKit:Url"] = "",
            ["LIVEKIT_API_KEY"] = "",
            ["LiveKit:ApiKey"] = "key-1",
            ["LIVEKIT_API_SECRET"] = "secret-1",
        });

        Assert.Equal("wss://lk.example.com", options.Url);
        Assert.Equal("key-1", options.ApiKey);
    }

    [Theory]
    [InlineData("TOKEN_EXPIRATION_HOURS", "1.5", "LiveKit:TokenTtl", "01:30:00")]
    [InlineData("TOKEN_EXPIRATION_HOURS", "soon", "LiveKit:TokenTtl", null)]
    [InlineData("WEBHOOK_QUEUE_CONCURRENCY", "4", "Webhooks:Concurrency", "4")]
    [InlineData("WEBHOOK_QUEUE_CONCURRENCY", "many", "Webhooks:Concurrency", null)]
    public void AnAliasThatShouldBeANumberCountsOnlyWhenItIsOne(string alias, string value, string setting, string? expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [alias] = value })
            .Build();

        Assert.Equal(expected, OriginalVariableNames.Resolve(configuration)[setting]);
    }

    private static LiveKitOptions LiveKitOptionsFrom(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLiveKit();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<LiveKitOptions>>().Value;
    }
}
