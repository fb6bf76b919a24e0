using Favorited.Core.Data;
using Microsoft.Extensions.Options;

namespace Favorited.Core.LiveKit;

/// <summary>Mints LiveKit access tokens: participant join tokens and short-lived server API tokens.</summary>
public sealed class AccessTokenIssuer(IOptions<LiveKitOptions> options, TimeProvider timeProvider)
{
    /// <summary>What the JS and Go SDKs use for server API calls.</summary>
    public static readonly TimeSpan ApiTokenTtl = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A token to join <paramref name="room"/>. Hosts may publish media and data and subscribe;
    /// viewers may only subscribe.
    /// </summary>
    public string CreateJoinToken(string room, string identity, string displayName, ParticipantRole role, string? metadataJson)
    {
        var permission = ParticipantPermission.ForRole(role);
        var grant = new VideoGrant
        {
            RoomJoin = true,
            Room = room,
            CanPublish = permission.CanPublish,
            CanPublishData = permission.CanPublishData,
            CanSubscribe = permission.CanSubscribe,
        };
        return Sign(grant, options.Value.TokenTtl, identity, displayName, metadataJson ?? "{}");
    }

    /// <summary>A token for one server API call, carrying exactly the grant that call needs.</summary>
    public string CreateApiToken(VideoGrant grant) => Sign(grant, ApiTokenTtl, subject: null, name: null, metadata: null);

    private string Sign(VideoGrant grant, TimeSpan ttl, string? subject, string? name, string? metadata)
    {
        var now = timeProvider.GetUtcNow();
        var claims = new AccessTokenClaims
        {
            Issuer = options.Value.ApiKey,
            Subject = subject,
            Name = name,
            Metadata = metadata,
            Video = grant,
            NotBefore = now.ToUnixTimeSeconds(),
            Expires = (now + ttl).ToUnixTimeSeconds(),
        };
        return HmacJwt.Sign(claims, options.Value.ApiSecret);
    }
}
