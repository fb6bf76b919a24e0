using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// JWTs built by hand, independently of Favorited.Core, so that the emulator and the tests check what Favorited mints
/// and feed it tokens the way LiveKit makes them (including wrong ones).
/// </summary>
public static class EmulatorJwt
{
    public static string Sign(string headerJson, string claimsJson, string secret)
    {
        var signingInput = $"{Encode(Encoding.UTF8.GetBytes(headerJson))}.{Encode(Encoding.UTF8.GetBytes(claimsJson))}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Encode(signature)}";
    }

    /// <summary>A webhook Authorization value as LiveKit's server signs it (raw JWT, no Bearer).</summary>
    public static string SignWebhook(byte[] body, string apiKey, string secret, DateTimeOffset now,
        TimeSpan? validFor = null, string headerJson = """{"alg":"HS256","typ":"JWT"}""")
    {
        var claims = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = apiKey,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (validFor ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
            ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)),
        });
        return Sign(headerJson, claims, secret);
    }

    /// <summary>The decoded header and claims of a token, and whether its HS256 signature is right.</summary>
    public static (JsonElement Header, JsonElement Claims, bool SignatureValid) Decode(string token, string secret)
    {
        var parts = token.Split('.');
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        return (Parse(parts[0]), Parse(parts[1]), Encode(expected) == parts[2]);
    }

    private static JsonElement Parse(string part) => JsonDocument.Parse(Decode(part)).RootElement.Clone();

    private static string Encode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
