using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Microsoft.Extensions.Options;

namespace Favorited.ServiceGraph.Tests;

/// <summary>
/// The migrator, the Api and the worker as separate processes, given exactly the environment an Aspire AppHost
/// gives them (connection strings, service discovery, OTLP, LiveKit), working together end to end.
/// </summary>
public sealed class AppHostEnvironmentTests(TestServers servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheServicesWorkTogetherOnWhatAnAppHostInjects()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await servers.CreateEmptyDatabaseAsync(ct);
        var redis = servers.Redis.NewDatabaseConnectionString();
        await using var otlp = await OtlpSink.StartAsync();
        var apiUrl = $"http://127.0.0.1:{FreeTcpPort.Next()}";
        var workerUrl = $"http://127.0.0.1:{FreeTcpPort.Next()}";
        await using var liveKit = await EmulatorHost.StartAsync(options =>
            options.WebhookUrls = [$"{apiUrl}/api/v1/webhooks/livekit"], ct);

        Dictionary<string, string?> Environment(string resource, string? url) => new()
        {
            ["ConnectionStrings__favorited"] = database,
            ["ConnectionStrings__redis"] = redis,
            ["services__api__http__0"] = apiUrl,
            ["LiveKit__Url"] = liveKit.Url,
            ["LiveKit__ApiKey"] = EmulatorHost.ApiKey,
            ["LiveKit__ApiSecret"] = EmulatorHost.ApiSecret,
            ["ASPNETCORE_URLS"] = url,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = resource,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Guid.NewGuid():N}",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
        };

        using (var migrator = Start("Favorited.MigrationService.dll", Environment("migrations", null)))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Patience);
            Assert.True(await migrator.WaitForExitAsync(timeout.Token) == 0, migrator.Output);
        }
        using var api = Start("Favorited.Api.dll", Environment("api", apiUrl));
        using var worker = Start("Favorited.WebhookWorker.dll", Environment("webhookworker", workerUrl));
        using var http = new HttpClient { BaseAddress = new Uri(apiUrl) };
        await WaitHealthyAsync(http, api, ct);
        using var workerHttp = new HttpClient { BaseAddress = new Uri(workerUrl) };
        await WaitHealthyAsync(workerHttp, worker, ct);

        // Create, a viewer connects through LiveKit, the worker counts them, the creator ends the stream.
        using var created = await http.PostAsJsonAsync("/api/v1/livestreams",
            new { roomName = "contract-room", title = "Contract", createdBy = "host-1" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("id").GetString();
        var tokens = new AccessTokenIssuer(Options.Create(new LiveKitOptions
        {
            Url = liveKit.Url, ApiKey = EmulatorHost.ApiKey, ApiSecret = EmulatorHost.ApiSecret,
        }), TimeProvider.System);
        await EmulatorClient.ConnectAsync(liveKit,
            tokens.CreateJoinToken("contract-room", "viewer-1", "Viewer One", ParticipantRole.Viewer, null), ct);
        await Eventually.MatchesAsync(() => ViewerCountAsync(http, id!, ct), count => count == 1, Patience,
            "the worker to count the viewer (worker log: " + worker.Output + ")", ct);

        using var deleted = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{id}")
        {
            Content = JsonContent.Create(new { requestingUserId = "host-1" }),
        }, ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        // Telemetry went where the AppHost's dashboard would be, under each resource's name, and the worker's
        // span for the webhook exists.
        await Eventually.MatchesAsync(() => Task.FromResult(
                otlp.Received("traces", "api", "POST /api/v1/livestreams")
                && otlp.Received("traces", "webhookworker", "process participant_joined")
                && otlp.Received("metrics", "api")
                && otlp.Received("logs", "webhookworker")),
            received => received, Patience, "traces, metrics and logs at the OTLP endpoint", ct);
    }

    private static ServerProcess Start(string program, Dictionary<string, string?> environment) =>
        ServerProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, program)], environment);

    private static async Task WaitHealthyAsync(HttpClient client, ServerProcess process, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await HealthProbe.GetAsync(client, ct)).Status == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250, ct);
        }
        Assert.Fail($"{client.BaseAddress} did not become healthy:\n{process.Output}");
    }

    private static async Task<int> ViewerCountAsync(HttpClient http, string id, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/api/v1/livestreams/{id}/state", ct);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("viewerCount").GetInt32()
            : -1;
    }
}
