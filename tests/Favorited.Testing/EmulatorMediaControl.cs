using System.Net.Http.Json;
using System.Text.Json;

namespace Favorited.Testing;

/// <summary>
/// What encoders and egress pipelines would do to a LiveKit server, through the emulator's control endpoints. Each
/// returns the ingress or egress as the emulator holds it afterwards (snake_case), failing unless the emulator accepts.
/// </summary>
public static class EmulatorMediaControl
{
    /// <summary>An encoder starts pushing to the ingress with that stream key.</summary>
    public static Task<JsonElement> ConnectEncoderAsync(EmulatorHost emulator, string streamKey, CancellationToken cancellationToken,
        bool video = true, bool audio = true) =>
        PostAsync(emulator, "/_emulator/ingress/connect", new { streamKey, video, audio }, cancellationToken);

    /// <summary>The encoder stops; with <paramref name="error"/>, the session fails instead.</summary>
    public static Task<JsonElement> DisconnectEncoderAsync(EmulatorHost emulator, string ingressId, CancellationToken cancellationToken,
        string? error = null) =>
        PostAsync(emulator, "/_emulator/ingress/disconnect", new { ingressId, error }, cancellationToken);

    /// <summary>The egress's outputs are finished and uploaded; <paramref name="files"/> say what became of its file outputs.</summary>
    public static Task<JsonElement> CompleteEgressAsync(EmulatorHost emulator, string egressId, CancellationToken cancellationToken,
        params object[] files) =>
        PostAsync(emulator, "/_emulator/egress/complete", new { egressId, files }, cancellationToken);

    public static Task<JsonElement> FailEgressAsync(EmulatorHost emulator, string egressId, string error,
        CancellationToken cancellationToken) =>
        PostAsync(emulator, "/_emulator/egress/fail", new { egressId, error }, cancellationToken);

    /// <summary>One RTMP destination of the egress fails (<paramref name="url"/> as it was given).</summary>
    public static Task<JsonElement> FailStreamAsync(EmulatorHost emulator, string egressId, string url, string error,
        CancellationToken cancellationToken) =>
        PostAsync(emulator, "/_emulator/egress/stream-fail", new { egressId, url, error }, cancellationToken);

    /// <summary>Posts to a control endpoint and returns its status and body, accepted or not.</summary>
    public static async Task<(int Status, JsonElement Body)> TryPostAsync(EmulatorHost emulator, string path, object body,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Url) };
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
    }

    private static async Task<JsonElement> PostAsync(EmulatorHost emulator, string path, object body, CancellationToken cancellationToken)
    {
        var (status, reply) = await TryPostAsync(emulator, path, body, cancellationToken);
        return status == 200 ? reply : throw new InvalidOperationException($"{path} was refused: {status} {reply}");
    }
}
