using System.Net;
using System.Text.Json;

namespace Favorited.Testing;

/// <summary>Reads <c>/health</c> and waits for it to reach a given status.</summary>
public static class HealthProbe
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(
        HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/health", cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> WaitForStatusAsync(
        HttpClient client, HttpStatusCode expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await GetAsync(client, cancellationToken);
            if (result.Status == expected || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    public static string ComponentStatus(JsonElement body, string component) =>
        body.GetProperty("components").GetProperty(component).GetProperty("status").GetString()!;
}
