using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Favorited.Benchmarks.Load;

/// <summary>The answer of sign-in, refresh and guest: ASP.NET Core Identity's bearer token response.</summary>
public sealed record BearerTokens(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken)
{
    /// <summary>Whether an answer is a token response (checked without parsing it, as the load generator reads many).</summary>
    public static bool IsAnswer(int status, string? body) =>
        status == 200 && body is not null && body.Contains("\"accessToken\":", StringComparison.Ordinal);
}

/// <summary>
/// The account the benchmark's livestreams are created by, kept as a broadcaster's client keeps it: registered and signed
/// in on first use (set-up, never timed), its access token renewed with the refresh token shortly before it expires.
/// </summary>
public sealed class HostAccount(HttpClient api, string tag)
{
    public const string Password = "Bench-host-1";
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(2);

    private BearerTokens? _tokens;
    private DateTime _renewAt;

    public string Email { get; } = $"bench-host-{tag}@bench.example";

    /// <summary>A valid access token; one phase at a time asks (the phases run one after the other).</summary>
    public async Task<string> AccessTokenAsync()
    {
        if (_tokens is null)
        {
            using var registered = await api.PostAsJsonAsync("/api/v1/auth/register",
                new { email = Email, password = Password, displayName = "Benchmark host" });
            await EnsureSuccessAsync(registered, "Registering the host account");
            _tokens = await TokensAsync("/api/v1/auth/login", new { email = Email, password = Password });
        }
        else if (DateTime.UtcNow >= _renewAt)
        {
            _tokens = await TokensAsync("/api/v1/auth/refresh", new { refreshToken = _tokens.RefreshToken });
        }
        return _tokens.AccessToken;
    }

    /// <summary>What a client sends to sign in as the host (for measuring sign-in itself).</summary>
    public string SignInJson => JsonSerializer.Serialize(new { email = Email, password = Password });

    private async Task<BearerTokens> TokensAsync(string path, object body)
    {
        var requested = DateTime.UtcNow;
        using var response = await api.PostAsJsonAsync(path, body);
        await EnsureSuccessAsync(response, $"POST {path}");
        var tokens = (await response.Content.ReadFromJsonAsync<BearerTokens>())!;
        _renewAt = requested + TimeSpan.FromSeconds(tokens.ExpiresIn) - RenewBefore;
        return tokens;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>Guest identities (<c>POST /api/v1/auth/guest</c>), as a viewer's client starts one.</summary>
public static class Guests
{
    public const string Path = "/api/v1/auth/guest";

    public static byte[] Request(IPEndPoint api, long sequence) =>
        HttpRequests.PostJson(api, Path, $$"""{"displayName":"Viewer {{sequence}}"}""");

    /// <summary>
    /// Starts <paramref name="count"/> guest identities before a measurement (set-up: not timed) over the load generator's
    /// connections, and returns their access tokens.
    /// </summary>
    public static async Task<string[]> IssueAsync(IPEndPoint api, int count, int connections)
    {
        var tokens = new ConcurrentQueue<string>();
        bool Keep(int status, string? body)
        {
            if (!BearerTokens.IsAnswer(status, body))
            {
                return false;
            }
            tokens.Enqueue(JsonSerializer.Deserialize<BearerTokens>(body!, JsonSerializerOptions.Web)!.AccessToken);
            return true;
        }
        var issued = await LoadGenerator.RunAsync(api, new LoadPlan(connections, TimeSpan.Zero, TimeSpan.FromMinutes(5)),
            sequence => sequence < count ? Request(api, sequence) : null, Keep, readBodies: true);
        if (tokens.Count != count)
        {
            throw new InvalidOperationException($"Starting {count} guest identities gave {tokens.Count} tokens, " +
                $"{issued.Failures} failures, e.g. {string.Join(" | ", issued.FailureExamples)}");
        }
        return [.. tokens];
    }
}
