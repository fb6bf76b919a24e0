using System.Net.Http.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>An encoder pushing through the stream's ingress, through the emulator: broadcasting, host not viewer, revoked at the end.</summary>
public sealed class BroadcastIngressWebhookTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEncoderBroadcastsAsTheHostAndTheStreamsEndRevokesItsKey()
    {
        await using var graph = await WorkerGraph.StartAsync(servers);
        var stream = await graph.CreateStreamAsync();
        await graph.WaitForRoomStartedAsync();
        var ingress = await AddIngressAsync(graph, stream);
        await using var events = await SseConnection.OpenAsync(graph.Client, $"/api/v1/livestreams/{stream.Id}/events");
        Assert.Equal("state", (await events.NextAsync()).Type);
        await graph.ConnectAsync(stream, "viewer-1");

        await EmulatorMediaControl.ConnectEncoderAsync(graph.LiveKit, ingress.StreamKey, Ct);
        var started = await events.NextAsync(e => e.Type == "broadcast_started", Patience);

        Assert.Equal((ingress.IngressId, "ENDPOINT_PUBLISHING"), (started.Json.GetProperty("ingressId").GetString(),
            started.Json.GetProperty("state").GetString()));
        Assert.DoesNotContain(ingress.StreamKey, started.Data);
        Assert.True(await BroadcastingAsync(graph, stream.Id));
        var encoder = ParticipantKinds.EncoderIdentityOf(stream.CreatedBy);
        var state = await Eventually.MatchesAsync(() => graph.StateAsync(stream.Id), s => s.Participants.Contains(encoder) && s.ViewerCount == 1,
            Patience, "the encoder counted as a host and the viewer as the only viewer", Ct);
        Assert.Equal(["viewer-1"], state.Participants.Where(p => p != encoder));
        Assert.Equal(ParticipantRole.Host, (await graph.ParticipantsAsync(stream.Id)).Single(p => p.UserId == encoder).Role);

        await EmulatorMediaControl.DisconnectEncoderAsync(graph.LiveKit, ingress.IngressId, Ct);
        var ended = await events.NextAsync(e => e.Type == "broadcast_ended", Patience);
        Assert.Equal(ingress.IngressId, ended.Json.GetProperty("ingressId").GetString());
        Assert.False(await BroadcastingAsync(graph, stream.Id));

        using var deleted = await graph.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{stream.Id}")
        {
            Content = JsonContent.Create(new { requestingUserId = stream.CreatedBy }),
        }, Ct);
        deleted.EnsureSuccessStatusCode();
        await using var db = graph.CreateDbContext();
        var row = await db.StreamIngresses.AsNoTracking().SingleAsync(i => i.IngressId == ingress.IngressId, Ct);
        Assert.NotNull(row.EndedAt);
        Assert.NotNull(row.RevokedAt);
        await Assert.ThrowsAsync<LiveKitNotFoundException>(() =>
            graph.Api.Services.GetRequiredService<IngressClient>().ListIngressAsync(null, ingress.IngressId, Ct));
    }

    [Fact]
    public async Task AnIngressNoStreamHasIsRecordedAndIgnored()
    {
        await using var graph = await WorkerGraph.StartAsync(servers);
        var stream = await graph.CreateStreamAsync();
        await graph.WaitForRoomStartedAsync();
        var stranger = await graph.Api.Services.GetRequiredService<IngressClient>().CreateIngressAsync(new CreateIngressRequest
        {
            RoomName = stream.RoomName,
            ParticipantIdentity = "someone-elses-encoder",
        }, Ct);

        await EmulatorMediaControl.ConnectEncoderAsync(graph.LiveKit, stranger.StreamKey, Ct);
        await using var db = graph.CreateDbContext();
        await Eventually.MatchesAsync(() => db.WebhookEvents.AnyAsync(e => e.Event == "ingress_started", Ct), seen => seen, Patience,
            "ingress_started to be recorded", Ct);
        await graph.WaitForDrainedAsync();

        Assert.False(await BroadcastingAsync(graph, stream.Id));
        Assert.False(await db.StreamIngresses.AnyAsync(Ct));
    }

    private static async Task<StreamIngress> AddIngressAsync(WorkerGraph graph, CreatedStream stream)
    {
        var info = await graph.Api.Services.GetRequiredService<IngressClient>().CreateIngressAsync(new CreateIngressRequest
        {
            RoomName = stream.RoomName,
            ParticipantIdentity = ParticipantKinds.EncoderIdentityOf(stream.CreatedBy),
            ParticipantName = "Host's encoder",
        }, Ct);
        var row = new StreamIngress
        {
            LivestreamId = stream.Id, IngressId = info.IngressId, Type = "RTMP", Url = info.Url, StreamKey = info.StreamKey,
            State = IngressStatuses.Inactive, CreatedAt = DateTime.UtcNow,
        };
        await using var db = graph.CreateDbContext();
        db.StreamIngresses.Add(row);
        await db.SaveChangesAsync(Ct);
        return row;
    }

    private static async Task<bool> BroadcastingAsync(WorkerGraph graph, Guid streamId)
    {
        await using var db = graph.CreateDbContext();
        return await db.Livestreams.Where(l => l.Id == streamId).Select(l => l.Broadcasting).SingleAsync(Ct);
    }
}
