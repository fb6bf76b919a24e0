using Favorited.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Tests;

/// <summary>A setting out of range stops the Api at start, naming it.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("Sse:HeartbeatInterval", "00:00:00", "HeartbeatInterval")]
    [InlineData("Sse:SubscriberBufferSize", "0", "SubscriberBufferSize")]
    [InlineData("Sse:MaxConnectionsPerClient", "0", "MaxConnectionsPerClient")]
    [InlineData("Sse:MaxConnections", "0", "MaxConnections")]
    [InlineData("Sse:LimitRetryAfter", "00:00:00", "LimitRetryAfter")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "nginx", "KnownProxies")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "KnownNetworks")]
    [InlineData("ForwardedHeaders:ForwardLimit", "0", "ForwardLimit")]
    [InlineData("Livestreams:List:CacheDuration", "-00:00:01", "CacheDuration")]
    [InlineData("Livestreams:List:CacheMaxPages", "0", "CacheMaxPages")]
    [InlineData("LiveState:ThrottleWindow", "00:00:00", "ThrottleWindow")]
    [InlineData("Auth:AccessTokenLifetime", "00:00:10", "AccessTokenLifetime")]
    [InlineData("Auth:Guests:RefreshTokenLifetime", "30.00:00:00", "RefreshTokenLifetime")]
    [InlineData("Auth:External:DisplayNameClaim", "", "DisplayNameClaim")]
    [InlineData("Analytics:LiveCacheDuration", "-00:00:01", "LiveCacheDuration")]
    [InlineData("Analytics:SeriesRetention", "-1.00:00:00", "SeriesRetention")]
    [InlineData("Analytics:MaxSeriesPoints", "10", "MaxSeriesPoints")]
    [InlineData("Analytics:SnapshotCacheEntries", "-1", "SnapshotCacheEntries")]
    [InlineData("Analytics:MaxDashboardRange", "00:01:00", "MaxDashboardRange")]
    public void ASettingOutOfRangeStopsTheApiAtStart(string key, string value, string named)
    {
        // Nothing is reached before the settings are checked, so no server is needed.
        using var api = new ServiceFactory<Program>("Host=127.0.0.1;Port=1", "127.0.0.1:1",
            settings: new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => api.Server);

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void KestrelsLimitsAreSetDeliberatelyAndEachCanBeChanged()
    {
        using var defaults = new ServiceFactory<Program>("Host=127.0.0.1;Port=1", "127.0.0.1:1");
        using var configured = new ServiceFactory<Program>("Host=127.0.0.1;Port=1", "127.0.0.1:1", settings: new Dictionary<string, string>
        {
            ["Sse:MaxConnections"] = "100",
            ["Kestrel:Limits:KeepAliveTimeout"] = "00:00:30",
            ["Kestrel:Limits:MinResponseDataRate:BytesPerSecond"] = "100",
        });

        var limits = Limits(defaults);
        var changed = Limits(configured);

        Assert.Equal(30_000, limits.MaxConcurrentConnections);
        Assert.Equal(0, limits.MaxConcurrentUpgradedConnections);
        Assert.Equal(TimeSpan.FromSeconds(130), limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), limits.RequestHeadersTimeout);
        Assert.Equal(240, limits.MinResponseDataRate?.BytesPerSecond);
        Assert.Equal(5_100, changed.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromSeconds(30), changed.KeepAliveTimeout);
        Assert.Equal(100, changed.MinResponseDataRate?.BytesPerSecond);
    }

    private static KestrelServerLimits Limits(ServiceFactory<Program> api) =>
        api.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
}
