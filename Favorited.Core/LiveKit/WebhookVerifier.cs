using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Favorited.Core.LiveKit;

/// <summary>
/// Checks that a webhook comes from LiveKit, as LiveKit's own receiver does: the raw JWT in
/// <c>Authorization</c> (an optional <c>Bearer </c> prefix is accepted), HS256 with the API secret,
/// <c>iss</c> equal to the API key, <c>exp</c> (required) and <c>nbf</c> with 60 s leeway, and a
/// <c>sha256</c> claim equal to the base64 SHA-256 of the exact body bytes.
/// </summary>
public sealed class WebhookVerifier(IOptions<LiveKitOptions> options, TimeProvider timeProvider)
{
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    public WebhookVerification Verify(string? authorization, ReadOnlySpan<byte> body)
    {
        const string bearer = "Bearer";
        var token = authorization?.Trim() ?? "";
        if (token.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            && (token.Length == bearer.Length || char.IsWhiteSpace(token[bearer.Length])))
        {
            token = token[bearer.Length..].Trim();
        }
        if (token.Length == 0)
        {
            return WebhookVerification.Reject(WebhookRejection.MissingAuthorization, "no Authorization header");
        }

        var jwt = HmacJwt.Verify(token, options.Value.ApiSecret);
        if (!jwt.IsValid)
        {
            var rejection = jwt.Failure switch
            {
                JwtFailure.UnsupportedAlgorithm => WebhookRejection.UnsupportedAlgorithm,
                JwtFailure.BadSignature => WebhookRejection.BadSignature,
                _ => WebhookRejection.MalformedToken,
            };
            return WebhookVerification.Reject(rejection, jwt.Reason!);
        }

        var claims = jwt.Claims;
        if (StringClaim(claims, "iss") != options.Value.ApiKey)
        {
            return WebhookVerification.Reject(WebhookRejection.UnknownApiKey, "issuer is not the configured API key");
        }

        var now = timeProvider.GetUtcNow();
        var expires = TimeClaim(claims, "exp");
        if (expires is null)
        {
            return WebhookVerification.Reject(WebhookRejection.MalformedToken, "token has no exp claim");
        }
        if (now > expires.Value + Leeway)
        {
            return WebhookVerification.Reject(WebhookRejection.Expired, $"token expired at {expires.Value:O}");
        }
        if (TimeClaim(claims, "nbf") is { } notBefore && now < notBefore - Leeway)
        {
            return WebhookVerification.Reject(WebhookRejection.NotYetValid, $"token is not valid before {notBefore:O}");
        }

        var claimedHash = StringClaim(claims, "sha256");
        var actualHash = Convert.ToBase64String(SHA256.HashData(body));
        if (claimedHash is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(claimedHash), Encoding.ASCII.GetBytes(actualHash)))
        {
            return WebhookVerification.Reject(WebhookRejection.BodyHashMismatch, "sha256 claim does not match the body");
        }

        try
        {
            var webhook = JsonSerializer.Deserialize<LiveKitWebhookEvent>(body, LiveKitJson.Options);
            return webhook is { Event.Length: > 0 }
                ? new WebhookVerification(webhook, null, null)
                : WebhookVerification.Reject(WebhookRejection.MalformedBody, "body has no event name");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return WebhookVerification.Reject(WebhookRejection.MalformedBody, $"body is not a webhook event: {ex.Message}");
        }
    }

    private static string? StringClaim(JsonElement claims, string name)
    {
        try
        {
            return claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            // Not valid UTF-16 (a lone surrogate): no such claim as far as anyone is concerned.
            return null;
        }
    }

    // Seconds outside years 1–9999 are treated as absent rather than crashing the check.
    private static DateTimeOffset? TimeClaim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is > -62135596800 and < 253402300799 - 3600
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}

public enum WebhookRejection
{
    MissingAuthorization,
    MalformedToken,
    UnsupportedAlgorithm,
    BadSignature,
    UnknownApiKey,
    Expired,
    NotYetValid,
    BodyHashMismatch,
    MalformedBody,
}

/// <summary>The verified event, or the precise reason it was rejected.</summary>
public sealed record WebhookVerification(LiveKitWebhookEvent? Event, WebhookRejection? Rejection, string? Reason)
{
    public bool IsValid => Rejection is null;

    public static WebhookVerification Reject(WebhookRejection rejection, string reason) => new(null, rejection, reason);
}
