using System.Net;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Favorited.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Favorited.Api.Tests.Moderation;

/// <summary>A LIVE stream with its host, as the moderation and stage tests set it up, and what they ask of it.</summary>
public sealed class InteractionScenario(AccountsFixture fixture, SignedIn host, string streamId, string room)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SignedIn Host => host;
    public string StreamId => streamId;
    public string Room => room;

    public static async Task<InteractionScenario> StartAsync(AccountsFixture fixture)
    {
        var host = await fixture.RegisterAsync("Host");
        var streamId = await fixture.CreateStreamAsync(host);
        using var joined = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{streamId}/join", host.AccessToken, new { role = "HOST" });
        var token = (await ApiFixture.ReadJsonAsync(joined)).GetProperty("data").GetProperty("token").GetString()!;
        var room = AccountsFixture.ReadJoinToken(token).GetProperty("video").GetProperty("room").GetString()!;
        return new InteractionScenario(fixture, host, streamId, room);
    }

    /// <summary>A new account that joins as a viewer and connects to the room (live state told, as the worker would).</summary>
    public async Task<SignedIn> ViewerAsync(string displayName, bool connect = true)
    {
        var viewer = await fixture.RegisterAsync(displayName);
        await JoinAndConnectAsync(viewer, connect);
        return viewer;
    }

    public async Task JoinAndConnectAsync(SignedIn viewer, bool connect = true)
    {
        using var joined = await JoinAsync(viewer);
        var body = await ApiFixture.ReadJsonAsync(joined);
        Assert.True(joined.IsSuccessStatusCode, body.ToString());
        if (connect)
        {
            await EmulatorClient.ConnectAsync(fixture.LiveKit, body.GetProperty("data").GetProperty("token").GetString()!, Ct);
            await LiveState.ParticipantConnectedAsync(Guid.Parse(streamId), viewer.Id, ParticipantRole.Viewer);
        }
    }

    public Task<HttpResponseMessage> JoinAsync(SignedIn viewer) =>
        fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{streamId}/join", viewer.AccessToken, new { role = "VIEWER" });

    /// <summary>A request to one of the stream's endpoints, <paramref name="path"/> after <c>/api/v1/livestreams/{id}</c>.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, SignedIn? caller, object? body = null) =>
        fixture.SendAsync(method, $"/api/v1/livestreams/{streamId}{path}", caller?.AccessToken, body);

    /// <summary>Sends and returns the <c>data</c> of a 200 answer, failing on any other.</summary>
    public async Task<JsonElement> OkAsync(HttpMethod method, string path, SignedIn caller, object? body = null)
    {
        using var response = await SendAsync(method, path, caller, body);
        var json = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {json}");
        return json.GetProperty("data");
    }

    /// <summary>Someone watching the stream through SSE only (anonymous), past the opening state.</summary>
    public async Task<SseConnection> WatchAsync()
    {
        var sse = await SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/{streamId}/events");
        Assert.Equal("state", (await sse.NextAsync()).Type);
        return sse;
    }

    /// <summary>The stream's sessions of the user, newest first.</summary>
    public async Task<List<JsonElement>> SessionsOfAsync(string userId)
    {
        using var response = await fixture.Client.GetAsync($"/api/v1/livestreams/{streamId}/participants?limit=100", Ct);
        var json = await ApiFixture.ReadJsonAsync(response);
        return [.. json.GetProperty("data").EnumerateArray().Where(p => p.GetProperty("userId").GetString() == userId)];
    }

    public LiveStateStore LiveState => fixture.Api.Services.GetRequiredService<LiveStateStore>();

    public async Task<StreamState> StateAsync() => (await LiveState.GetAsync(Guid.Parse(streamId)))!;

    /// <summary>The identities the live state has as connected hosts.</summary>
    public async Task<string[]> ConnectedHostsAsync()
    {
        var redis = fixture.Api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var members = await redis.SetMembersAsync($"{RedisKeys.LiveState(Guid.Parse(streamId))}:hosts");
        return [.. members.Select(m => m.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <summary>The emulator's participant of that identity, or null when it is not in the room.</summary>
    public Favorited.LiveKitEmulator.Participant? InRoom(string identity)
    {
        lock (fixture.LiveKit.Rooms.Sync)
        {
            return fixture.LiveKit.Rooms.FindParticipant(room, identity)?.Participant;
        }
    }
}
