using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>What the graph tests do through the Api's own endpoints.</summary>
internal static class GraphApi
{
    /// <summary>A new account through the Api's own endpoints; its access token.</summary>
    public static async Task<string> SignUpAsync(HttpClient api, CancellationToken ct)
    {
        var account = new { email = $"{Guid.NewGuid():N}@example.test", password = "Graph-t3st-password", displayName = "Graph host" };
        using var registered = await api.PostAsJsonAsync("/api/v1/auth/register", account, ct);
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(ct));
        using var signedIn = await api.PostAsJsonAsync("/api/v1/auth/login", new { account.email, account.password }, ct);
        Assert.True(signedIn.IsSuccessStatusCode, await signedIn.Content.ReadAsStringAsync(ct));
        return (await signedIn.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
    }

    public static async Task<string> CreateLivestreamAsync(HttpClient api, string accessToken, CancellationToken ct, string? roomName = null)
    {
        using var created = await SendAsync(api, HttpMethod.Post, "/api/v1/livestreams", accessToken,
            new { roomName = roomName ?? $"graph-{Guid.NewGuid():N}", title = "Graph test" }, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("id").GetString()!;
    }

    /// <summary>A guest identity joins as a viewer; its LiveKit join token.</summary>
    public static async Task<string> JoinAsGuestAsync(HttpClient api, string id, string displayName, CancellationToken ct)
    {
        using var guest = await api.PostAsJsonAsync("/api/v1/auth/guest", new { displayName }, ct);
        Assert.True(guest.IsSuccessStatusCode, await guest.Content.ReadAsStringAsync(ct));
        var accessToken = (await guest.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
        using var joined = await SendAsync(api, HttpMethod.Post, $"/api/v1/livestreams/{id}/join", accessToken, new { role = "VIEWER" }, ct);
        Assert.True(joined.StatusCode == HttpStatusCode.OK, await joined.Content.ReadAsStringAsync(ct));
        return (await joined.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("token").GetString()!;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient api, HttpMethod method, string path, string accessToken, object? body,
        CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return api.SendAsync(request, ct);
    }

    public static async Task<string> StatusAsync(HttpClient api, string id, CancellationToken ct)
    {
        using var response = await api.GetAsync($"/api/v1/livestreams/{id}", ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("status").GetString()!;
    }
}
