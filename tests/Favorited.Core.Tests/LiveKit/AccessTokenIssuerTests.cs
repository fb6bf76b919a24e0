using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.LiveKitEmulator;
using Favorited.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Favorited.Core.Tests.LiveKit;

public sealed class AccessTokenIssuerTests
{
    private const string ApiKey = "devkey";
    private const string ApiSecret = "secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HostTokenMayPublishSubscribeAndPublishData()
    {
        var token = Issuer().CreateJoinToken("my-room", "host-1", "Host One", ParticipantRole.Host, """{"device":"web"}""");

        var (header, claims, signatureValid) = EmulatorJwt.Decode(token, ApiSecret);

        Assert.True(signatureValid);
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal(ApiKey, claims.GetProperty("iss").GetString());
        Assert.Equal("host-1", claims.GetProperty("sub").GetString());
        Assert.Equal("Host One", claims.GetProperty("name").GetString());
        Assert.Equal("""{"device":"web"}""", claims.GetProperty("metadata").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), claims.GetProperty("nbf").GetInt64());
        Assert.Equal(Now.AddMinutes(10).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        Assert.Equal(
            """{"roomJoin":true,"room":"my-room","canPublish":true,"canSubscribe":true,"canPublishData":true}""",
            claims.GetProperty("video").GetRawText());
    }

    [Fact]
    public void ViewerTokenMayOnlySubscribe()
    {
        var token = Issuer().CreateJoinToken("my-room", "viewer-1", "Viewer One", ParticipantRole.Viewer, metadataJson: null);

        var (_, claims, signatureValid) = EmulatorJwt.Decode(token, ApiSecret);

        Assert.True(signatureValid);
        Assert.Equal("viewer-1", claims.GetProperty("sub").GetString());
        Assert.Equal("{}", claims.GetProperty("metadata").GetString());
        var video = claims.GetProperty("video");
        Assert.True(video.GetProperty("roomJoin").GetBoolean());
        Assert.Equal("my-room", video.GetProperty("room").GetString());
        // Explicit false: LiveKit reads an absent canPublish as true.
        Assert.False(video.GetProperty("canPublish").GetBoolean());
        Assert.False(video.GetProperty("canPublishData").GetBoolean());
        Assert.True(video.GetProperty("canSubscribe").GetBoolean());
        Assert.False(video.TryGetProperty("roomAdmin", out _));
        Assert.False(video.TryGetProperty("roomCreate", out _));
    }

    [Fact]
    public void JoinTokenLifetimeComesFromConfiguration()
    {
        var token = Issuer(tokenTtl: TimeSpan.FromHours(2))
            .CreateJoinToken("r", "u", "U", ParticipantRole.Viewer, null);

        var (_, claims, _) = EmulatorJwt.Decode(token, ApiSecret);

        Assert.Equal(Now.AddHours(2).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void ApiTokenCarriesExactlyTheGivenGrantForTenMinutes()
    {
        var token = Issuer().CreateApiToken(new VideoGrant { RoomCreate = true });

        var (_, claims, signatureValid) = EmulatorJwt.Decode(token, ApiSecret);

        Assert.True(signatureValid);
        Assert.Equal("""{"roomCreate":true}""", claims.GetProperty("video").GetRawText());
        Assert.False(claims.TryGetProperty("sub", out _));
        Assert.Equal(Now.AddMinutes(10).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void DisplayNamesAndMetadataAreEscapedNotInjected()
    {
        var token = Issuer().CreateJoinToken("r", "u\"1", "Zoë \"quoted\" <b>", ParticipantRole.Viewer, """{"a":"\"x\""}""");

        var (_, claims, _) = EmulatorJwt.Decode(token, ApiSecret);

        Assert.Equal("u\"1", claims.GetProperty("sub").GetString());
        Assert.Equal("Zoë \"quoted\" <b>", claims.GetProperty("name").GetString());
        Assert.Equal("\"x\"", JsonDocument.Parse(claims.GetProperty("metadata").GetString()!).RootElement.GetProperty("a").GetString());
    }

    private static AccessTokenIssuer Issuer(TimeSpan? tokenTtl = null)
    {
        var options = new LiveKitOptions { Url = "http://127.0.0.1:7880", ApiKey = ApiKey, ApiSecret = ApiSecret };
        if (tokenTtl is { } ttl)
        {
            options.TokenTtl = ttl;
        }
        return new AccessTokenIssuer(Options.Create(options), new FakeTimeProvider(Now));
    }
}
