using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.LiveKitEmulator;
using Favorited.Testing;
using StackExchange.Redis;

namespace Favorited.Api.Tests;

public sealed class WebhooksApiTests(ApiFixture fixture, TestServers servers) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task ASignedWebhookIsQueuedWithItsRawBodyAndTrace()
    {
        var id = NewId();
        var body = Body(id);
        using var request = SignedRequest(body);
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        using var response = await fixture.Client.SendAsync(request, Ct);
        var json = await ApiFixture.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"success":true,"message":"Webhook queued for processing"}""", json.GetRawText());
        var entry = Assert.Single(await EntriesAsync(id));
        Assert.Equal("participant_joined", entry["event"]);
        Assert.Equal("my-room", entry["room"]);
        Assert.Equal(Encoding.UTF8.GetString(body), entry["body"]);
        Assert.Contains("0af7651916cd43dd8448eb211c80319c", entry["traceparent"]);
    }

    [Fact]
    public async Task TheSameIdFiveTimesIsQueuedOnce()
    {
        var id = NewId();
        var body = Body(id);

        var messages = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await fixture.Client.SendAsync(SignedRequest(body), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            messages.Add((await ApiFixture.ReadJsonAsync(response)).GetProperty("message").GetString());
        }

        Assert.Single(await EntriesAsync(id));
        Assert.Equal(["Webhook queued for processing", "Webhook already received", "Webhook already received",
            "Webhook already received", "Webhook already received"], messages);
    }

    [Fact]
    public async Task BadSignaturesAre401AndQueueNothing()
    {
        var id = NewId();
        var body = Body(id);
        using var wrongSecret = SignedRequest(body, secret: "wrong");
        using var tampered = SignedRequest(body);
        tampered.Content = Content(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("my-room", "my-roon")));
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/livekit") { Content = Content(body) };
        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/livekit") { Content = Content(body) };
        garbage.Headers.TryAddWithoutValidation("Authorization", "garbage");

        foreach (var request in new[] { wrongSecret, tampered, unsigned, garbage })
        {
            using var response = await fixture.Client.SendAsync(request, Ct);
            await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized", "Invalid webhook signature");
        }
        Assert.Empty(await EntriesAsync(id));
    }

    [Fact]
    public async Task AMissingBodyAnotherContentTypeOrASignedBodyThatIsNoWebhookIs400()
    {
        using var empty = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/livekit");
        using var text = SignedRequest(Body(NewId()));
        text.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var notJson = SignedRequest("this is signed, but not JSON"u8.ToArray());

        using var emptyResponse = await fixture.Client.SendAsync(empty, Ct);
        using var textResponse = await fixture.Client.SendAsync(text, Ct);
        using var notJsonResponse = await fixture.Client.SendAsync(notJson, Ct);

        await ApiAssert.ErrorAsync(emptyResponse, HttpStatusCode.BadRequest, "BadRequest", "Invalid webhook body format");
        await ApiAssert.ErrorAsync(textResponse, HttpStatusCode.BadRequest, "BadRequest", "Invalid webhook body format");
        // Its signature is right: the body is what is wrong.
        await ApiAssert.ErrorAsync(notJsonResponse, HttpStatusCode.BadRequest, "BadRequest", "Invalid webhook body format");
    }

    [Fact]
    public async Task WhenRedisIsDownTheWebhookIs503SoLiveKitRetries()
    {
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct),
            $"127.0.0.1:{FreeTcpPort.Next()}", fixture.LiveKit.Url, ApiFixture.OriginalApi);
        using var client = api.CreateClient();

        using var response = await client.SendAsync(SignedRequest(Body(NewId())), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
    }

    private async Task<List<Dictionary<string, string>>> EntriesAsync(string id)
    {
        var entries = await _redis.GetDatabase().StreamRangeAsync(RedisKeys.WebhookStream);
        return entries
            .Select(e => e.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString()))
            .Where(fields => fields["id"] == id)
            .ToList();
    }

    private static string NewId() => $"EV_{Guid.NewGuid():N}"[..15];

    private static byte[] Body(string id) => Encoding.UTF8.GetBytes(
        $$"""{"event":"participant_joined","room":{"sid":"RM_abc","name":"my-room"},"participant":{"sid":"PA_1","identity":"viewer-1"},"id":"{{id}}","createdAt":"1771351907"}""");

    private static HttpRequestMessage SignedRequest(byte[] body, string secret = EmulatorHost.ApiSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/livekit") { Content = Content(body) };
        request.Headers.TryAddWithoutValidation("Authorization",
            EmulatorJwt.SignWebhook(body, EmulatorHost.ApiKey, secret, DateTimeOffset.UtcNow));
        return request;
    }

    private static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/webhook+json");
        return content;
    }
}
