using System.Net.Http.Json;

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
}
