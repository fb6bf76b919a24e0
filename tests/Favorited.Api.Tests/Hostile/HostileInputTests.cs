using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.LiveKitEmulator;
using Favorited.Testing;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging;

namespace Favorited.Api.Tests.Hostile;

/// <summary>
/// Generated hostile requests against every operation in the OpenAPI document (<see cref="HostileRequests"/>). For each: no 5xx,
/// every error in the envelope, nothing logged as an error, and valid requests right after still succeed (create, join, read,
/// list); the Api is healthy at the end.
/// </summary>
public sealed class HostileInputTests
{
    public sealed class Accounts(HostileAccountsFixture fixture) : IClassFixture<HostileAccountsFixture>
    {
        [Fact]
        public async Task NoHostileRequestGetsA5xxOrBreaksTheNextValidOne()
        {
            var targets = await fixture.PrepareAsync();
            await RunAsync(fixture.Client, fixture.Logs, targets, cases: 500, () => ValidAccountRequestsAsync(fixture.Client, targets));
        }
    }

    public sealed class Compatibility(HostileCompatibilityFixture fixture) : IClassFixture<HostileCompatibilityFixture>
    {
        [Fact]
        public async Task NoHostileRequestGetsA5xxOrBreaksTheNextValidOne()
        {
            var targets = await fixture.PrepareAsync();
            await RunAsync(fixture.Client, fixture.Logs, targets, cases: 250, () => ValidOriginalRequestsAsync(fixture.Client, targets));
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task RunAsync(HttpClient client, CollectingLoggerProvider logs, HostileTargets targets, int cases, Func<Task> validRequests)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct));
        var operations = ApiOperations.Read(document.RootElement);
        Assert.True(operations.Count >= 10, $"the OpenAPI document lists only {operations.Count} operations");
        var statuses = new SortedDictionary<int, int>();
        var tried = new HashSet<string>();

        var property = Prop.ForAll(Arb.From(HostileRequests.For(operations, targets)), (HostileRequest request) =>
        {
            var status = SendAndCheckAsync(client, request).GetAwaiter().GetResult();
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            tried.Add(request.Operation.ToString());
            validRequests().GetAwaiter().GetResult();
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true), property);

        using var health = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain(logs.Logs, log => log.Level >= LogLevel.Error);
        Assert.Equal(operations.Select(o => o.ToString()).Order(), tried.Order());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{cases} hostile requests over {operations.Count} operations; answers: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
    }

    /// <returns>The status; throws when the answer breaks a rule.</returns>
    private static async Task<int> SendAndCheckAsync(HttpClient client, HostileRequest hostile)
    {
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path);
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }
        var authorization = hostile.SignBody
            ? EmulatorJwt.SignWebhook(hostile.Body ?? [], EmulatorHost.ApiKey, EmulatorHost.ApiSecret, DateTimeOffset.UtcNow)
            : hostile.Authorization;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        foreach (var (name, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // An event stream that opens stays open: its headers are the answer.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            throw new InvalidOperationException($"{status} for {hostile}: {await response.Content.ReadAsStringAsync(Ct)}");
        }
        // Kestrel answers what it refuses to parse (a NUL in the path, oversized headers) itself, with no body, and closes.
        var refusedByKestrel = response.Content.Headers.ContentLength == 0 && response.Headers.ConnectionClose == true;
        if (status >= 400 && !refusedByKestrel)
        {
            await AssertEnvelopeAsync(response, status, hostile);
        }
        return status;
    }

    private static async Task AssertEnvelopeAsync(HttpResponseMessage response, int status, HostileRequest hostile)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"{status} without the envelope for {hostile}: {text}");
        }
        var inEnvelope = body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False
            && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
            && body.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            && body.TryGetProperty("statusCode", out var code) && code.GetInt32() == status;
        if (!inEnvelope)
        {
            throw new InvalidOperationException($"{status} without the envelope for {hostile}: {text}");
        }
    }

    private static async Task ValidAccountRequestsAsync(HttpClient client, HostileTargets targets)
    {
        var token = new AuthenticationHeaderValue("Bearer", targets.AccountToken);
        var id = await ExpectAsync(client, HttpStatusCode.Created, HttpMethod.Post, "/api/v1/livestreams", token,
            new { roomName = $"valid-{Guid.NewGuid():N}", title = "Still works", metadata = new { k = "v" } });
        await ExpectAsync(client, HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/livestreams/{id}/join", token, new { role = "HOST" });
        await ExpectAsync(client, HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/livestreams/{id}", token, body: null);
        await ExpectAsync(client, HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/livestreams?createdBy={targets.CallerId}&limit=5", token, body: null);
    }

    private static async Task ValidOriginalRequestsAsync(HttpClient client, HostileTargets targets)
    {
        var id = await ExpectAsync(client, HttpStatusCode.Created, HttpMethod.Post, "/api/v1/livestreams", token: null,
            new { roomName = $"valid-{Guid.NewGuid():N}", title = "Still works", createdBy = targets.CallerId, metadata = new { k = "v" } });
        await ExpectAsync(client, HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/livestreams/{id}/join", token: null,
            new { userId = targets.CallerId, displayName = "Creator", role = "HOST" });
        await ExpectAsync(client, HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/livestreams/{id}", token: null, body: null);
        await ExpectAsync(client, HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/livestreams?createdBy={targets.CallerId}&limit=5", token: null, body: null);
    }

    /// <returns>The created stream's id when the answer has one.</returns>
    private static async Task<string?> ExpectAsync(HttpClient client, HttpStatusCode expected, HttpMethod method, string path,
        AuthenticationHeaderValue? token, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = token;
        // Past the list's one-second cache, so the database answers.
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"a valid {method} {path} after the hostile request answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("id", out var id) ? id.GetString() : null;
    }
}
