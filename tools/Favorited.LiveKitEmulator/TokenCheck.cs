using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Favorited.LiveKitEmulator;

/// <summary>LiveKit's checks of an access token: signature with the key's secret, <c>exp</c> and <c>nbf</c> with 60 s leeway.</summary>
public sealed class TokenCheck(IOptions<EmulatorOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    /// <returns>The claims, or the plain-text reason LiveKit's auth middleware would give.</returns>
    public (JsonElement Claims, string? Error) Validate(string token)
    {
        JsonElement header, claims;
        bool signatureValid;
        try
        {
            (header, claims, signatureValid) = EmulatorJwt.Decode(token, options.Value.ApiSecret);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or IndexOutOfRangeException)
        {
            return (default, "invalid authorization token");
        }

        if (!claims.TryGetProperty("iss", out var issuer) || issuer.GetString() != options.Value.ApiKey)
        {
            return (default, "invalid API key");
        }
        if (!header.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256" || !signatureValid)
        {
            return (default, "invalid authorization token: signature is invalid");
        }
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (!claims.TryGetProperty("exp", out var exp) || exp.GetInt64() + Leeway.TotalSeconds < now)
        {
            return (default, "invalid authorization token: token is expired");
        }
        if (claims.TryGetProperty("nbf", out var nbf) && nbf.GetInt64() - Leeway.TotalSeconds > now)
        {
            return (default, "invalid authorization token: token is not valid yet");
        }
        return (claims, null);
    }

    public static bool Grant(JsonElement claims, string name) =>
        claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty("video", out var video)
        && video.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static string? GrantRoom(JsonElement claims) =>
        claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty("video", out var video)
        && video.TryGetProperty("room", out var room) ? room.GetString() : null;

    public static string Claim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
