using System.Text.Json.Serialization;

namespace Favorited.Core.LiveKit;

/// <summary>The claims of a LiveKit access token, as the server SDKs write them.</summary>
public sealed record AccessTokenClaims
{
    [JsonPropertyName("iss")] public required string Issuer { get; init; }
    [JsonPropertyName("sub")] public string? Subject { get; init; }
    [JsonPropertyName("nbf")] public long NotBefore { get; init; }
    [JsonPropertyName("exp")] public long Expires { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("metadata")] public string? Metadata { get; init; }
    [JsonPropertyName("video")] public VideoGrant? Video { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
}
