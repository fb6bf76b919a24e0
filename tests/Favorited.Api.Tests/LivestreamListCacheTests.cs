using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Core.LiveState;
using Favorited.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Favorited.Api.Tests;

/// <summary>
/// The Api with list pages kept for ten minutes, so only an invalidation can make a change show, and a Redis of its own:
/// other tests' streams starting and ending on the shared one would invalidate its pages at any moment.
/// </summary>
public sealed class LongListCacheFixture(TestServers servers) : ApiFixture(servers)
{
    private RedisServer? _redis;

    public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(OriginalApi)
    {
        ["Livestreams:List:CacheDuration"] = "00:10:00",
    };

    protected override async Task<string> StartRedisAsync(TestServers servers)
    {
        _redis = await RedisServer.StartAsync();
        return _redis.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

public sealed class LivestreamListCacheTests(LongListCacheFixture fixture) : IClassFixture<LongListCacheFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private HttpClient Client => fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACachedPageIsTheSameAnswerAsAFreshOne()
    {
        var creator = await CreateStreamsAsync(2);

        var (first, firstType) = await GetAsync(creator);
        var (cached, cachedType) = await GetAsync(creator);
        var (fresh, freshType) = await GetAsync(creator, noCache: true);

        Assert.Equal(2, JsonDocument.Parse(first).RootElement.GetProperty("count").GetInt32());
        Assert.Equal(first, cached);
        Assert.Equal(first, fresh);
        Assert.Equal("application/json; charset=utf-8", firstType);
        Assert.Equal(firstType, cachedType);
        Assert.Equal(firstType, freshType);
    }

    [Fact]
    public async Task APageIsServedAgainUntilAStreamChangesAndNoCacheReadsPostgres()
    {
        var creator = await CreateStreamsAsync(1);
        await GetAsync(creator);

        // Not a change Favorited makes (titles never change), so nothing invalidates the page.
        await ExecuteAsync("UPDATE livestreams SET title = 'changed behind its back' WHERE created_by = $1", creator);

        Assert.Equal(["stream 1"], Titles((await GetAsync(creator)).Body));
        Assert.Equal(["changed behind its back"], Titles((await GetAsync(creator, noCache: true)).Body));
    }

    [Fact]
    public async Task CreatingAndEndingThroughTheApiShowAtOnce()
    {
        var creator = await CreateStreamsAsync(1);
        Assert.Single(Titles((await GetAsync(creator)).Body));

        var second = await fixture.CreateLivestreamAsync(new { roomName = $"{creator}-b", title = "stream 2", createdBy = creator });
        Assert.Equal(["stream 2", "stream 1"], Titles((await GetAsync(creator)).Body));

        using var ended = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/livestreams/{second.GetProperty("id")}")
        {
            Content = JsonContent.Create(new { requestingUserId = creator }),
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(["ENDED", "LIVE"], Statuses((await GetAsync(creator)).Body));
    }

    [Theory]
    [InlineData(StreamEvents.RoomEnded)]
    [InlineData(StreamEvents.RoomStarted)]
    public async Task ANoticeFromAnotherProcessDropsThePages(string notice)
    {
        var creator = await CreateStreamsAsync(1);
        var streamId = Guid.Parse(JsonDocument.Parse((await GetAsync(creator)).Body).RootElement.GetProperty("data")[0].GetProperty("id").GetString()!);

        // What the worker does when LiveKit reports the room: the row first, then the live state, which publishes.
        var liveState = fixture.Api.Services.GetRequiredService<LiveStateStore>();
        if (notice == StreamEvents.RoomEnded)
        {
            await ExecuteAsync("UPDATE livestreams SET status = 'ENDED', ended_at = now() WHERE created_by = $1", creator);
            Assert.True(await liveState.EndAsync(streamId));
        }
        else
        {
            await ExecuteAsync("UPDATE livestreams SET title = 'started elsewhere' WHERE created_by = $1", creator);
            Assert.True(await liveState.PublishStartedAsync(streamId));
        }

        var expected = notice == StreamEvents.RoomEnded ? "ENDED" : "LIVE";
        var body = await Eventually.MatchesAsync(async () => (await GetAsync(creator)).Body,
            b => Statuses(b).SequenceEqual([expected]) && (notice == StreamEvents.RoomEnded || Titles(b).SequenceEqual(["started elsewhere"])),
            Deadline, $"the list to show the stream after {notice}", Ct);
        Assert.Single(Statuses(body));
    }

    private async Task<string> CreateStreamsAsync(int count)
    {
        var creator = $"cached-{Guid.NewGuid():N}";
        for (var n = 1; n <= count; n++)
        {
            await fixture.CreateLivestreamAsync(new { roomName = $"{creator}-{n}", title = $"stream {n}", createdBy = creator });
        }
        return creator;
    }

    private async Task<(string Body, string? ContentType)> GetAsync(string creator, bool noCache = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/livestreams?createdBy={creator}");
        if (noCache)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }
        using var response = await Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(Ct), response.Content.Headers.ContentType?.ToString());
    }

    private async Task ExecuteAsync(string sql, string creator)
    {
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = creator } } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    private static string[] Titles(string body) => Field(body, "title");

    private static string[] Statuses(string body) => Field(body, "status");

    private static string[] Field(string body, string name) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("data").EnumerateArray().Select(s => s.GetProperty(name).GetString()!)];
}
