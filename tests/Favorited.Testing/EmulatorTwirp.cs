using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Favorited.LiveKitEmulator;

namespace Favorited.Testing;

/// <summary>
/// Calls the emulator's RoomService over Twirp JSON without the product's client: for the methods the product does
/// not call, and for requests its client never sends (a missing grant, no token).
/// </summary>
public static class EmulatorTwirp
{
    /// <returns>The status and the JSON body, the reply or the Twirp error (<c>code</c>, <c>msg</c>).</returns>
    public static Task<(HttpStatusCode Status, JsonElement Body)> CallRoomServiceAsync(EmulatorHost emulator,
        string method, string body, string? authorization, CancellationToken cancellationToken) =>
        CallAsync(emulator, "livekit.RoomService", method, body, authorization, cancellationToken);

    /// <param name="service"><c>livekit.RoomService</c>, <c>livekit.Ingress</c>, <c>livekit.Egress</c>.</param>
    /// <returns>The status and the body: JSON (the reply or the Twirp error), or the plain text of the auth middleware as a JSON string.</returns>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(EmulatorHost emulator, string service,
        string method, string body, string? authorization, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/twirp/{service}/{method}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(text).RootElement.Clone()
            : JsonSerializer.SerializeToElement(text));
    }

    /// <summary>An Authorization value for a server API call, signed with the emulator's key pair.</summary>
    /// <param name="grantJson">The token's <c>video</c> grant, e.g. <c>{"roomAdmin":true,"room":"x"}</c>.</param>
    public static string Bearer(string grantJson)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = EmulatorJwt.Sign("""{"alg":"HS256"}""",
            $$"""{"iss":"{{EmulatorHost.ApiKey}}","nbf":{{now}},"exp":{{now + 600}},"video":{{grantJson}}}""", EmulatorHost.ApiSecret);
        return $"Bearer {token}";
    }
}
