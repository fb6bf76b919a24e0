using Favorited.Testing;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Tests;

/// <summary>A setting out of range stops the Api at start, naming it.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("Sse:HeartbeatInterval", "00:00:00", "HeartbeatInterval")]
    [InlineData("Sse:SubscriberBufferSize", "0", "SubscriberBufferSize")]
    [InlineData("Livestreams:List:CacheDuration", "-00:00:01", "CacheDuration")]
    [InlineData("Livestreams:List:CacheMaxPages", "0", "CacheMaxPages")]
    [InlineData("LiveState:ThrottleWindow", "00:00:00", "ThrottleWindow")]
    [InlineData("Auth:AccessTokenLifetime", "00:00:10", "AccessTokenLifetime")]
    [InlineData("Auth:Guests:RefreshTokenLifetime", "30.00:00:00", "RefreshTokenLifetime")]
    [InlineData("Auth:External:DisplayNameClaim", "", "DisplayNameClaim")]
    public void ASettingOutOfRangeStopsTheApiAtStart(string key, string value, string named)
    {
        // Nothing is reached before the settings are checked, so no server is needed.
        using var api = new ServiceFactory<Program>("Host=127.0.0.1;Port=1", "127.0.0.1:1",
            settings: new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => api.Server);

        Assert.Contains(named, error.Message);
    }
}
