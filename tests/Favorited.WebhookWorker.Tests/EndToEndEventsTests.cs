using System.Net.Http.Json;
using Favorited.Testing;
using Favorited.WebhookWorker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>LiveKit → webhook → stream → worker → live state → pub/sub → SSE, every part real.</summary>
public sealed class EndToEndEventsTests(TestServers servers)
{
    [Fact]
    public async Task ViewersConnectingThroughLiveKitMoveTheCountOnTheSseStreamUntilTheRoomEnds()
    {
        await using var graph = await WorkerGraph.StartAsync(servers);
        var stream = await graph.CreateStreamAsync();
        await using var events = await SseConnection.OpenAsync(graph.Client, $"/api/v1/livestreams/{stream.Id}/events");
        await using var list = await SseConnection.OpenAsync(graph.Client, "/api/v1/livestreams/events");
        Assert.Equal("state", (await events.NextAsync()).Type);

        foreach (var viewer in new[] { "viewer-1", "viewer-2", "viewer-3" })
        {
            await graph.ConnectAsync(stream, viewer);
        }
        var three = await events.NextAsync(e => e.Type == "viewer_count_update" && e.Json.GetProperty("viewerCount").GetInt32() == 3,
            TimeSpan.FromSeconds(20));
        Assert.Equal(3, three.Json.GetProperty("totalViewers").GetInt32());
        await list.NextAsync(e => e.Type == "viewer_count_update" && e.Json.GetProperty("streamId").GetGuid() == stream.Id
            && e.Json.GetProperty("viewerCount").GetInt32() == 3, TimeSpan.FromSeconds(20));

        using var deleted = await graph.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{stream.Id}")
        {
            Content = JsonContent.Create(new { requestingUserId = stream.CreatedBy }),
        }, TestContext.Current.CancellationToken);
        deleted.EnsureSuccessStatusCode();

        var rest = await events.WaitForEndAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("room_ended", rest[^1].Type);
        Assert.Equal("ENDED", rest[^1].Json.GetProperty("status").GetString());
        Assert.True(events.Ended);
    }

    [Fact]
    public async Task OnlyOneReplicaHoldsAJobAtATime()
    {
        await using var graph = await WorkerGraph.StartAsync(servers, startWorker: false);
        var first = new SingleRunnerLock(graph.Redis);
        var second = new SingleRunnerLock(graph.Redis);

        await using (var held = await first.TryAcquireAsync("job", TimeSpan.FromMinutes(1)))
        {
            Assert.NotNull(held);
            Assert.Null(await second.TryAcquireAsync("job", TimeSpan.FromMinutes(1)));
        }
        await using var afterRelease = await second.TryAcquireAsync("job", TimeSpan.FromMinutes(1));
        Assert.NotNull(afterRelease);

        // A holder that died frees the job when its lease runs out.
        Assert.NotNull(await first.TryAcquireAsync("short", TimeSpan.FromMilliseconds(200)));
        await Task.Delay(400, TestContext.Current.CancellationToken);
        Assert.NotNull(await second.TryAcquireAsync("short", TimeSpan.FromMinutes(1)));
    }
}
