using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Favorited.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// The whole graph started by the AppHost on this machine (no containers): everything becomes healthy, the product
/// works end to end through the Api, and the dashboard holds one trace that follows a LiveKit webhook from the Api
/// through the Redis Stream into the worker.
/// </summary>
[Collection(nameof(RunningGraph))]
public sealed class GraphTests(RunningGraph graph)
{
    // Generous: a loaded two-core machine, and telemetry exported in batches.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void EveryResourceIsHealthyOrRanToCompletion()
    {
        var names = graph.Settled.Select(update => update.Resource.Name).ToList();
        foreach (var expected in (string[])["postgres", "favorited", "redis", "livekit", "migrations", "api", "webhookworker", "client"])
        {
            Assert.Contains(expected, names);
        }

        foreach (var update in graph.Settled)
        {
            if (RunningGraph.IsFinished(update))
            {
                // Only the migrator and Aspire's build of the projects run to completion, and only successfully.
                Assert.True(update.Resource.Name == "migrations" || update.Resource.Name.StartsWith("__dotnet-project-build", StringComparison.Ordinal),
                    $"{update.Resource.Name} stopped: {update.Snapshot.State?.Text}, exit code {update.Snapshot.ExitCode}");
                Assert.Equal(0, update.Snapshot.ExitCode);
            }
            else
            {
                Assert.Equal(HealthStatus.Healthy, update.Snapshot.HealthStatus);
            }
        }
    }

    [Fact]
    public async Task ALivestreamGoesLiveCountsThreeViewersOnBothFeedsAndEndsThroughTheApi()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = graph.App.CreateHttpClient("api");
        using var liveKit = graph.App.CreateHttpClient("livekit");
        await using var listFeed = await SseConnection.OpenAsync(api, "/api/v1/livestreams/events");

        var host = await GraphApi.SignUpAsync(api, ct);
        var id = await GraphApi.CreateLivestreamAsync(api, host, ct);
        Assert.Equal("LIVE", await GraphApi.StatusAsync(api, id, ct));
        await using var streamFeed = await SseConnection.OpenAsync(api, $"/api/v1/livestreams/{id}/events");
        Assert.Equal("state", (await streamFeed.NextAsync(Patience)).Type);

        foreach (var viewer in (string[])["Viewer 1", "Viewer 2", "Viewer 3"])
        {
            var token = await GraphApi.JoinAsGuestAsync(api, id, viewer, ct);
            using var connected = await liveKit.PostAsJsonAsync("/_emulator/connect", new { token }, ct);
            Assert.True(connected.IsSuccessStatusCode, await connected.Content.ReadAsStringAsync(ct));
        }

        // LiveKit's participant_joined webhooks, verified by the Api, queued on the Redis Stream and applied by the worker.
        await streamFeed.NextAsync(e => e.Type == "viewer_count_update" && e.Json.GetProperty("viewerCount").GetInt32() == 3, Patience);
        await listFeed.NextAsync(e => e.Type == "viewer_count_update" && e.Json.GetProperty("streamId").GetString() == id
            && e.Json.GetProperty("viewerCount").GetInt32() == 3, Patience);

        using var ended = await GraphApi.SendAsync(api, HttpMethod.Delete, $"/api/v1/livestreams/{id}", host, body: null, ct);
        Assert.True(ended.IsSuccessStatusCode, await ended.Content.ReadAsStringAsync(ct));

        await streamFeed.NextAsync(e => e.Type == "room_ended", Patience);
        await streamFeed.WaitForEndAsync(Patience);
        Assert.Equal("ENDED", await GraphApi.StatusAsync(api, id, ct));
    }

    [Fact]
    public async Task TheDashboardHoldsOneTraceFromTheWebhookReceiverThroughTheStreamToTheWorkersTransactionAndLiveState()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = graph.App.CreateHttpClient("api");
        using var liveKit = graph.App.CreateHttpClient("livekit");
        var roomName = $"traced-{Guid.NewGuid():N}";
        var id = await GraphApi.CreateLivestreamAsync(api, await GraphApi.SignUpAsync(api, ct), ct, roomName);
        var token = await GraphApi.JoinAsGuestAsync(api, id, "Traced viewer", ct);
        using var connected = await liveKit.PostAsJsonAsync("/_emulator/connect", new { token }, ct);
        Assert.True(connected.IsSuccessStatusCode);

        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<Span> trace = [];
        while (DateTime.UtcNow < deadline && !Complete(trace))
        {
            await Task.Delay(500, ct);
            trace = await WebhookTraceAsync("participant_joined", roomName, ct);
        }

        using var resources = await graph.Dashboard.GetAsync("/api/telemetry/resources", ct);
        Assert.True(Complete(trace), $"No complete trace after {Patience.TotalSeconds:0} s. Spans of the webhook's trace:\n" +
            string.Join('\n', trace.Select(span => $"  {span.Resource}: {span.Name}")) +
            $"\nResources with telemetry: {await resources.Content.ReadAsStringAsync(ct)}");
    }

    [Fact]
    public async Task EveryServiceSendsItsTelemetryToTheDashboard()
    {
        var ct = TestContext.Current.CancellationToken;
        // A request through the client's dev server, which it forwards to the Api.
        using var client = graph.App.CreateHttpClient("client");
        using var listed = await client.GetAsync("/api/v1/livestreams", ct);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        string[] expected = ["api", "webhookworker", "migrations", "livekit", "client"];
        var deadline = DateTime.UtcNow + Patience;
        List<string> reporting = [];
        while (DateTime.UtcNow < deadline && expected.Except(reporting).Any())
        {
            await Task.Delay(500, ct);
            using var resources = await graph.Dashboard.GetAsync("/api/telemetry/resources", ct);
            Assert.Equal(HttpStatusCode.OK, resources.StatusCode);
            reporting = [.. (await resources.Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateArray()
                .Where(resource => resource.GetProperty("hasTraces").GetBoolean() || resource.GetProperty("hasLogs").GetBoolean())
                .Select(resource => resource.GetProperty("name").GetString()!)];
        }

        Assert.Empty(expected.Except(reporting));
    }

    [Fact]
    public async Task TheWorkersIdlePollingIsNotTraced()
    {
        var ct = TestContext.Current.CancellationToken;
        // The worker reads its stream and flushes held-back counts several times a second, also when idle. Redis's
        // instrumentation hands over commands made outside of any operation every 10 s.
        await Task.Delay(TimeSpan.FromSeconds(15), ct);

        var spans = await SpansAsync("/api/telemetry/spans?resource=webhookworker&limit=5000", ct);

        // Each of those polls would be a trace of its own: a client span (a Redis or database call) without a parent.
        Assert.DoesNotContain(spans, span => span.Kind == ClientKind && span.ParentSpanId.Length == 0);
    }

    /// <summary>The receiver's request in the Api, the worker's processing of the entry, its SQL and its live-state script.</summary>
    private static bool Complete(IReadOnlyList<Span> trace) =>
        trace.Any(span => span.Resource == "api" && span.Name.Contains("/api/v1/webhooks/livekit", StringComparison.Ordinal))
        && trace.Any(span => span.Resource == "webhookworker" && span.Name == "process participant_joined")
        && trace.Any(span => span.Resource == "webhookworker" && IsPostgres(span))
        && trace.Any(span => span.Resource == "webhookworker" && span.Name.StartsWith("EVAL", StringComparison.Ordinal));

    private static bool IsPostgres(Span span) =>
        span.Attributes.GetValueOrDefault("db.system") == "postgresql" || span.Attributes.GetValueOrDefault("db.system.name") == "postgresql";

    // OTLP's SpanKind: 3 is a client span.
    private const int ClientKind = 3;

    private sealed record Span(string Resource, string TraceId, string ParentSpanId, int Kind, string Name, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>Every span of the trace whose worker span processed the given event of the given room.</summary>
    private async Task<IReadOnlyList<Span>> WebhookTraceAsync(string eventName, string roomName, CancellationToken ct)
    {
        var workerSpans = await SpansAsync("/api/telemetry/spans?resource=webhookworker&limit=2000", ct);
        var processing = workerSpans.LastOrDefault(span => span.Name == $"process {eventName}"
            // The LiveKit room is the stream's room name and id (one room per stream).
            && span.Attributes.GetValueOrDefault("livekit.room")?.StartsWith(roomName + "-", StringComparison.Ordinal) == true);
        return processing is null ? [] : await SpansAsync($"/api/telemetry/traces/{processing.TraceId}", ct);
    }

    private async Task<IReadOnlyList<Span>> SpansAsync(string path, CancellationToken ct)
    {
        using var response = await graph.Dashboard.GetAsync(path, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return []; // a resource the dashboard has no telemetry from yet
        }
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var spans = new List<Span>();
        foreach (var resourceSpans in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var resource = Attributes(resourceSpans.GetProperty("resource")).GetValueOrDefault("service.name") ?? "";
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new Span(resource, span.GetProperty("traceId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? "" : "",
                        span.TryGetProperty("kind", out var kind) ? kind.GetInt32() : 0,
                        span.GetProperty("name").GetString()!, Attributes(span)));
                }
            }
        }
        return spans;
    }

    private static Dictionary<string, string> Attributes(JsonElement owner) =>
        owner.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().ToDictionary(
                a => a.GetProperty("key").GetString()!,
                a => a.GetProperty("value").EnumerateObject().FirstOrDefault().Value.ToString())
            : [];
}
