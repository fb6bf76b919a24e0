using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Favorited.Testing;

/// <summary>Simulates LiveKit clients through the emulator's control endpoints.</summary>
public static class EmulatorClient
{
    /// <summary>A client connecting to LiveKit with a join token.</summary>
    public static async Task ConnectAsync(EmulatorHost emulator, string token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Url) };
        using var response = await http.PostAsJsonAsync("/_emulator/connect", new { token }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public static async Task DisconnectAsync(EmulatorHost emulator, string room, string identity, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Url) };
        using var response = await http.PostAsJsonAsync("/_emulator/disconnect", new { room, identity }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A connected client publishing a track; the body is the track (TrackInfo, snake_case) or why it was refused.</summary>
    /// <param name="source"><c>CAMERA</c>, <c>MICROPHONE</c>, <c>SCREEN_SHARE</c> or <c>SCREEN_SHARE_AUDIO</c>.</param>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PublishAsync(EmulatorHost emulator, string room,
        string identity, string source, CancellationToken cancellationToken, string? name = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Url) };
        using var response = await http.PostAsJsonAsync("/_emulator/publish", new { room, identity, source, name }, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (response.StatusCode, body);
    }

    /// <summary>Publishes, failing unless the emulator accepts it; returns the track's sid.</summary>
    public static async Task<string> PublishTrackAsync(EmulatorHost emulator, string room, string identity, string source,
        CancellationToken cancellationToken)
    {
        var (status, body) = await PublishAsync(emulator, room, identity, source, cancellationToken);
        return status == HttpStatusCode.OK
            ? body.GetProperty("sid").GetString()!
            : throw new InvalidOperationException($"publishing {source} as {identity} was refused: {(int)status} {body}");
    }

    public static async Task UnpublishAsync(EmulatorHost emulator, string room, string identity, string trackSid,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Url) };
        using var response = await http.PostAsJsonAsync("/_emulator/unpublish", new { room, identity, trackSid }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
