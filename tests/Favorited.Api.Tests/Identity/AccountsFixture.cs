using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Testing;

namespace Favorited.Api.Tests.Identity;

/// <summary>The Api as it runs by default: callers are who their tokens say.</summary>
public class AccountsFixture(TestServers servers) : ApiFixture(servers)
{
    public override IReadOnlyDictionary<string, string> Settings => GenerousRateLimits;

    /// <summary>A new account, signed in.</summary>
    public async Task<SignedIn> RegisterAsync(string displayName)
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        var id = await RegisterOnlyAsync(email, displayName);
        var tokens = await PostForTokensAsync("/api/v1/auth/login", new { email, password = Password });
        return new SignedIn(id, email, tokens.AccessToken, tokens.RefreshToken);
    }

    public const string Password = "Corr3ct-horse";

    public async Task<string> RegisterOnlyAsync(string email, string displayName)
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/auth/register",
            new { email, password = Password, displayName }, TestContext.Current.CancellationToken);
        var body = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data").GetProperty("id").GetString()!;
    }

    public async Task<SignedIn> StartGuestAsync(string? displayName = null)
    {
        var tokens = await PostForTokensAsync("/api/v1/auth/guest", new { displayName });
        using var me = await SendAsync(HttpMethod.Get, "/api/v1/auth/me", tokens.AccessToken);
        var id = (await ReadJsonAsync(me)).GetProperty("data").GetProperty("id").GetString()!;
        return new SignedIn(id, null, tokens.AccessToken, tokens.RefreshToken);
    }

    public async Task<(string AccessToken, string RefreshToken)> PostForTokensAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        var json = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        Assert.Equal("Bearer", json.GetProperty("tokenType").GetString());
        return (json.GetProperty("accessToken").GetString()!, json.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>A request with the access token (none when null) and, if given, a JSON body.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A LIVE stream created by this caller.</summary>
    public async Task<string> CreateStreamAsync(SignedIn creator, string visibility = "PUBLIC")
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/livestreams", creator.AccessToken,
            new { roomName = $"room-{Guid.NewGuid():N}", title = "A stream", visibility });
        var body = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data").GetProperty("id").GetString()!;
    }

    /// <summary>The claims of a LiveKit join token (a JWT: its payload is base64url JSON).</summary>
    public static JsonElement ReadJoinToken(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='))).RootElement.Clone();
    }
}

public sealed record SignedIn(string Id, string? Email, string AccessToken, string RefreshToken);
