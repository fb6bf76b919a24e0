using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.JavaScript;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// The whole graph on a machine with Docker or Podman: everything starts and becomes healthy, the Api creates real
/// LiveKit rooms on the dev server container, and LiveKit's webhooks reach the worker through the Api.
/// Without a container runtime these tests fail and say so; <c>--filter-not-class "*GraphTests"</c> leaves them out.
/// </summary>
public sealed class GraphTests(RunningGraph graph) : IClassFixture<RunningGraph>
{
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
                // Only the migrator and npm install run to completion, and only successfully.
                Assert.True(update.Resource is JavaScriptInstallerResource || update.Resource.Name == "migrations",
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
    public async Task ALivestreamCreatedThroughTheApiIsLiveInARealLiveKitRoom()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = graph.App.CreateHttpClient("api");

        var (id, roomName) = await CreateLivestreamAsync(api, ct);

        Assert.Equal("LIVE", await StatusAsync(api, id, ct));
        var room = Assert.Single(await graph.LiveKit.ListRoomsAsync([roomName], ct));
        Assert.StartsWith("RM_", room.Sid);
    }

    [Fact]
    public async Task TheLiveKitDevServerAcceptsTheJoinTokensTheApiHandsOut()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = graph.App.CreateHttpClient("api");
        var (id, _) = await CreateLivestreamAsync(api, ct);

        using var joined = await api.PostAsJsonAsync($"/api/v1/livestreams/{id}/join",
            new { userId = "viewer-1", displayName = "Viewer One", role = "VIEWER" }, ct);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var join = (await joined.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data");

        // What a LiveKit client SDK does first with the URL and token it was given: LiveKit checks the token's
        // signature and grant for the room.
        var signal = new UriBuilder(join.GetProperty("url").GetString()!) { Scheme = "http", Path = "/rtc/validate" };
        using var liveKit = new HttpClient();
        using var validated = await liveKit.GetAsync($"{signal.Uri}?access_token={Uri.EscapeDataString(join.GetProperty("token").GetString()!)}", ct);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Equal("success", await validated.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task ARoomClosedByLiveKitEndsTheLivestreamThroughTheWebhookWorker()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = graph.App.CreateHttpClient("api");
        var (id, roomName) = await CreateLivestreamAsync(api, ct);

        // Closed on LiveKit's side, not through the Api: only LiveKit's room_finished webhook, verified by the Api,
        // queued on the Redis Stream and applied by the worker, can end the livestream.
        await graph.LiveKit.DeleteRoomAsync(roomName, ct);

        var deadline = DateTime.UtcNow + Patience;
        string status;
        while ((status = await StatusAsync(api, id, ct)) != "ENDED" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, ct);
        }
        Assert.True(status == "ENDED", $"After {Patience.TotalSeconds:0} s the livestream is still {status}");
    }

    private static async Task<(string Id, string RoomName)> CreateLivestreamAsync(HttpClient api, CancellationToken ct)
    {
        var roomName = $"graph-{Guid.NewGuid():N}";
        using var created = await api.PostAsJsonAsync("/api/v1/livestreams",
            new { roomName, title = "Graph test", createdBy = "host-1" }, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        var data = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data");
        return (data.GetProperty("id").GetString()!, data.GetProperty("roomName").GetString()!);
    }

    private static async Task<string> StatusAsync(HttpClient api, string id, CancellationToken ct)
    {
        using var response = await api.GetAsync($"/api/v1/livestreams/{id}", ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("status").GetString()!;
    }
}
