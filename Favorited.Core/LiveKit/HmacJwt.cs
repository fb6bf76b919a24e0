using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Favorited.Core.LiveKit;

/// <summary>
/// HS256 JSON Web Tokens signed with <see cref="HMACSHA256"/> directly: LiveKit's development secret
/// (<c>secret</c>) is shorter than Microsoft.IdentityModel accepts for HS256.
/// </summary>
public static class HmacJwt
{
    private static readonly byte[] Header = """{"alg":"HS256","typ":"JWT"}"""u8.ToArray();

    public static string Sign<TPayload>(TPayload payload, string secret)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, LiveKitJson.Options);
        var signingInput = $"{Base64Url.EncodeToString(Header)}.{Base64Url.EncodeToString(body)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>
    /// Checks the form, the algorithm (HS256 only) and the signature. Time claims and the issuer are the
    /// caller's to check, because what they must be differs between uses.
    /// </summary>
    public static JwtCheck Verify(string token, string secret)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecodeJson(parts[0], out var header) || !TryDecodeJson(parts[1], out var payload)
            || !Base64Url.IsValid(parts[2]))
        {
            return JwtCheck.Fail(JwtFailure.Malformed, "not a JSON Web Token (three base64url parts of JSON)");
        }

        if (!IsHs256(header))
        {
            return JwtCheck.Fail(JwtFailure.UnsupportedAlgorithm, "algorithm is not HS256");
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
        {
            return JwtCheck.Fail(JwtFailure.BadSignature, "signature does not match the API secret");
        }

        return payload.ValueKind == JsonValueKind.Object
            ? new JwtCheck(payload, null, null)
            : JwtCheck.Fail(JwtFailure.Malformed, "claims are not a JSON object");
    }

    // Runs before the signature is checked, on whatever anyone sent: it must not throw.
    private static bool IsHs256(JsonElement header)
    {
        try
        {
            return header.ValueKind == JsonValueKind.Object && header.TryGetProperty("alg", out var alg)
                && alg.ValueKind == JsonValueKind.String && alg.ValueEquals("HS256");
        }
        catch (InvalidOperationException)
        {
            // Escapes that are not valid UTF-16, such as a lone surrogate.
            return false;
        }
    }

    private static bool TryDecodeJson(string part, out JsonElement json)
    {
        json = default;
        if (!Base64Url.IsValid(part))
        {
            return false;
        }
        try
        {
            json = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(part));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

public enum JwtFailure
{
    Malformed,
    UnsupportedAlgorithm,
    BadSignature,
}

/// <summary>The claims of a correctly signed token, or why it is not one.</summary>
public sealed record JwtCheck(JsonElement Claims, JwtFailure? Failure, string? Reason)
{
    public bool IsValid => Failure is null;

    public static JwtCheck Fail(JwtFailure failure, string reason) => new(default, failure, reason);
}
