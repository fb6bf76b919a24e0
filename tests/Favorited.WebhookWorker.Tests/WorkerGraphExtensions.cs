using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Favorited.Core.Webhooks;
using Favorited.WebhookWorker.Jobs;
using EmulatorJwt = Favorited.LiveKitEmulator.EmulatorJwt;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Tests;

/// <param name="RoomName">The stream's LiveKit room, which webhooks name (not the Api's roomName).</param>
public sealed record CreatedStream(Guid Id, string RoomName, string RoomSid, string CreatedBy);

internal static class WorkerGraphExtensions
{
    // An upper bound for a loaded CI machine (one room's 1,000 webhooks apply one after another), not a speed goal.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static async Task<CreatedStream> CreateStreamAsync(this WorkerGraph graph, string createdBy = "host-1")
    {
        var roomName = $"room-{Guid.NewGuid():N}"[..20];
        using var response = await graph.Client.PostAsJsonAsync("/api/v1/livestreams",
            new { roomName, title = "Worker test", createdBy, maxParticipants = 10_000 }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("id").GetGuid();
        await using var db = graph.CreateDbContext();
        var room = await db.Livestreams.Where(l => l.Id == id).Select(l => new { l.LivekitRoomSid, l.LivekitRoomName }).SingleAsync();
        return new CreatedStream(id, room.LivekitRoomName!, room.LivekitRoomSid!, createdBy);
    }

    /// <summary>Joins through the Api as a viewer (the LiveKit connect is separate).</summary>
    public static async Task<System.Net.HttpStatusCode> JoinAsync(this WorkerGraph graph, CreatedStream stream, string userId, string displayName)
    {
        using var response = await graph.Client.PostAsJsonAsync($"/api/v1/livestreams/{stream.Id}/join",
            new { userId, displayName, role = "VIEWER" }, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>A LiveKit client connecting with a join token, as the emulator sees it.</summary>
    public static Task ConnectAsync(this WorkerGraph graph, CreatedStream stream, string identity,
        ParticipantRole role = ParticipantRole.Viewer) =>
        EmulatorClient.ConnectAsync(graph.LiveKit,
            graph.Tokens.CreateJoinToken(stream.RoomName, identity, $"{identity} name", role, null),
            TestContext.Current.CancellationToken);

    public static Task DisconnectAsync(this WorkerGraph graph, CreatedStream stream, string identity) =>
        EmulatorClient.DisconnectAsync(graph.LiveKit, stream.RoomName, identity, TestContext.Current.CancellationToken);

    /// <summary>Posts a webhook to the Api signed as LiveKit signs it; returns the Api's message.</summary>
    public static async Task<string> PostWebhookAsync(this WorkerGraph graph, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/livekit") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/webhook+json");
        request.Headers.TryAddWithoutValidation("Authorization",
            EmulatorJwt.SignWebhook(body, EmulatorHost.ApiKey, EmulatorHost.ApiSecret, DateTimeOffset.UtcNow));
        using var response = await graph.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()!;
    }

    /// <param name="joinedAtMs">When LiveKit says the participant connected (Unix ms); left out when 0.</param>
    public static string ParticipantEvent(string @event, string id, CreatedStream stream, string identity, string sid, long joinedAtMs = 0)
    {
        var joinedAt = joinedAtMs > 0 ? $$""","joinedAt":"{{joinedAtMs / 1000}}","joinedAtMs":"{{joinedAtMs}}" """.TrimEnd() : "";
        return $$"""
            {"event":"{{@event}}","id":"{{id}}","createdAt":"{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}",
             "room":{"sid":"{{stream.RoomSid}}","name":"{{stream.RoomName}}"},
             "participant":{"sid":"{{sid}}","identity":"{{identity}}","name":"{{identity}} name","state":"ACTIVE"{{joinedAt}}} }
            """;
    }

    public static string NewWebhookId() => $"EV_{Guid.NewGuid():N}"[..16];

    /// <summary>A stream entry as the Api's receiver writes it (the id is read from the body unless given).</summary>
    public static NameValueEntry[] QueueEntry(string body, string @event, string room, string? id = null) =>
    [
        new("id", id ?? JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()),
        new("event", @event),
        new("room", room),
        new("body", body),
    ];

    /// <summary>
    /// For made-up webhooks: LiveKit (the emulator) has none of their participants, so reconciliation, which runs when the
    /// worker starts, would rightly disconnect them while they are being applied.
    /// </summary>
    public static void WithoutReconciliation(IServiceCollection services) =>
        services.Remove(services.Single(service => service.ImplementationType == typeof(ReconciliationJob)));

    /// <summary>Waits until the worker has acknowledged everything on the stream.</summary>
    public static Task WaitForDrainedAsync(this WorkerGraph graph) =>
        Eventually.MatchesAsync(async () =>
        {
            var db = graph.Redis.GetDatabase();
            var length = await db.StreamLengthAsync(RedisKeys.WebhookStream);
            var groups = length == 0 ? [] : await db.StreamGroupInfoAsync(RedisKeys.WebhookStream);
            // Entries and no group yet: a worker just started has not created it, let alone read anything.
            return groups.Length == 0 ? length : groups.Sum(g => g.PendingMessageCount + (g.Lag ?? length));
        }, left => left == 0, Patience, "the webhook stream to drain");

    /// <summary>Waits until the worker has applied the room_started LiveKit sent when the graph's (only) stream was created.</summary>
    public static async Task WaitForRoomStartedAsync(this WorkerGraph graph)
    {
        await using var db = graph.CreateDbContext();
        await Eventually.MatchesAsync(() => db.WebhookEvents.AnyAsync(e => e.Event == "room_started"), applied => applied, Patience,
            "room_started to be applied");
        await graph.WaitForDrainedAsync();
    }

    public static async Task<List<Participant>> ParticipantsAsync(this WorkerGraph graph, Guid streamId)
    {
        await using var db = graph.CreateDbContext();
        return await db.Participants.AsNoTracking().Where(p => p.LivestreamId == streamId).OrderBy(p => p.UserId).ToListAsync();
    }

    public static async Task<StreamState> StateAsync(this WorkerGraph graph, Guid streamId) =>
        await graph.LiveState.GetAsync(streamId) ?? throw new InvalidOperationException($"No live state for {streamId}");
}
