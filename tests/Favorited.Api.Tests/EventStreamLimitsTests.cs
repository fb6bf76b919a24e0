using System.Net;
using Favorited.Api.Tests.Identity;
using Favorited.Testing;

namespace Favorited.Api.Tests;

/// <summary>The Api with room for two event streams per client and three in all.</summary>
public sealed class EventStreamLimitsFixture(TestServers servers) : AccountsFixture(servers)
{
    public const int PerClient = 2;
    public const int InAll = 3;

    public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(GenerousRateLimits)
    {
        ["Sse:MaxConnectionsPerClient"] = PerClient.ToString(),
        ["Sse:MaxConnections"] = InAll.ToString(),
        ["Sse:LimitRetryAfter"] = "00:00:07",
    };
}

public sealed class EventStreamLimitsTests(EventStreamLimitsFixture fixture) : IClassFixture<EventStreamLimitsFixture>, IAsyncDisposable
{
    private const string ClientMessage = "Too many event streams are open from this client, close one or try again later";
    private const string ServerMessage = "Too many event streams are open on this server, please try again later";
    private readonly List<SseConnection> _open = [];

    [Fact]
    public async Task OneClientsStreamBeyondItsLimitIs429WithRetryAfterInTheEnvelopeWhileAnotherClientGetsIn()
    {
        var alice = await fixture.RegisterAsync("Alice");
        var bob = await fixture.RegisterAsync("Bob");
        for (var i = 0; i < EventStreamLimitsFixture.PerClient; i++)
        {
            await OpenOkAsync(Feed(alice));
        }

        await using var refused = await SseConnection.OpenAsync(fixture.Client, Feed(alice));
        await OpenOkAsync(Feed(bob));

        await ApiAssert.ErrorAsync(refused.Response, HttpStatusCode.TooManyRequests, "TooManyRequests", ClientMessage);
        Assert.Equal("7", refused.Response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task AClientThatClosesAStreamMayOpenAnotherOfEitherKind()
    {
        var alice = await fixture.RegisterAsync("Alice");
        var id = await fixture.CreateStreamAsync(alice);
        await OpenOkAsync(Feed(alice));
        var closing = await OpenOkAsync($"/api/v1/livestreams/{id}/events?access_token={alice.AccessToken}");
        await using (var refused = await SseConnection.OpenAsync(fixture.Client, Feed(alice)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Response.StatusCode);
        }

        await CloseAsync(closing);

        await OpenEventuallyAsync(Feed(alice));
    }

    [Fact]
    public async Task AStreamTheServerEndsGivesItsPlaceBack()
    {
        var alice = await fixture.RegisterAsync("Alice");
        var id = await fixture.CreateStreamAsync(alice);
        var streams = new List<SseConnection>();
        for (var i = 0; i < EventStreamLimitsFixture.PerClient; i++)
        {
            streams.Add(await OpenOkAsync($"/api/v1/livestreams/{id}/events?access_token={alice.AccessToken}"));
        }

        using var ended = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}", alice.AccessToken);
        Assert.True(ended.IsSuccessStatusCode);
        foreach (var stream in streams)
        {
            Assert.Contains((await stream.WaitForEndAsync()), e => e.Type == "room_ended");
        }

        // Both places are free again without the client closing anything.
        await OpenEventuallyAsync(Feed(alice));
        await OpenEventuallyAsync(Feed(alice));
    }

    [Fact]
    public async Task BeyondTheServersLimitEveryClientIsRefusedUntilAStreamCloses()
    {
        var clients = new List<SignedIn>();
        for (var i = 0; i <= EventStreamLimitsFixture.InAll; i++)
        {
            clients.Add(await fixture.RegisterAsync($"Viewer {i}"));
        }
        var first = await OpenOkAsync(Feed(clients[0]));
        for (var i = 1; i < EventStreamLimitsFixture.InAll; i++)
        {
            await OpenOkAsync(Feed(clients[i]));
        }

        await using (var refused = await SseConnection.OpenAsync(fixture.Client, Feed(clients[^1])))
        {
            await ApiAssert.ErrorAsync(refused.Response, HttpStatusCode.TooManyRequests, "TooManyRequests", ServerMessage);
            Assert.Equal("7", refused.Response.Headers.GetValues("Retry-After").Single());
        }
        await CloseAsync(first);

        await OpenEventuallyAsync(Feed(clients[^1]));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _open)
        {
            await connection.DisposeAsync();
        }
        // The next test starts with every place free.
        await Eventually.MatchesAsync(async () =>
        {
            await using var probe = await SseConnection.OpenAsync(fixture.Client, "/api/v1/livestreams/events");
            return probe.Response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "every event stream to be released");
    }

    private static string Feed(SignedIn caller) => $"/api/v1/livestreams/events?access_token={caller.AccessToken}";

    private async Task<SseConnection> OpenOkAsync(string path)
    {
        var connection = await SseConnection.OpenAsync(fixture.Client, path);
        _open.Add(connection);
        Assert.Equal(HttpStatusCode.OK, connection.Response.StatusCode);
        return connection;
    }

    /// <summary>The server gives a place back when it has seen the stream end, a moment after the client closes it.</summary>
    private Task<HttpStatusCode> OpenEventuallyAsync(string path) =>
        Eventually.MatchesAsync(async () =>
        {
            var connection = await SseConnection.OpenAsync(fixture.Client, path);
            if (connection.Response.StatusCode == HttpStatusCode.OK)
            {
                _open.Add(connection);
            }
            else
            {
                await connection.DisposeAsync();
            }
            return connection.Response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(10), $"a place for {path}");

    private async Task CloseAsync(SseConnection connection)
    {
        _open.Remove(connection);
        await connection.DisposeAsync();
    }
}
