using System.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Favorited.Core.Livestreams;
using Favorited.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Api.Tests;

/// <summary>What the caller sees when something breaks inside: the envelope, never internals.</summary>
public sealed class FailureTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUnexpectedExceptionIs500WithoutInternalsAndIsLoggedWithItsTraceId()
    {
        var logs = new CollectingLoggerProvider();
        await using var api = new FaultyApi(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, logs, new BrokenClock());
        using var client = api.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/livestreams", new { roomName = "boom", title = "t", createdBy = "u" }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "InternalServerError", "An unexpected error occurred");
        Assert.DoesNotContain("clock is broken", text);
        Assert.DoesNotContain(" at ", text);
        Assert.Contains(logs.Logs, log => log.Level == LogLevel.Error
            && log.Message.StartsWith("Unhandled exception on POST /api/v1/livestreams (trace ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailingDatabaseStatementIs500LoggedOnceWithItsTraceId()
    {
        var logs = new CollectingLoggerProvider();
        var database = await servers.CreateDatabaseAsync(Ct);
        await using var api = new FaultyApi(database, servers.Redis.ConnectionString, logs, clock: null);
        using var client = api.CreateClient();
        await using (var db = TestServers.CreateDbContext(database))
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE livestreams RENAME TO livestreams_gone", Ct);
        }

        using var response = await client.GetAsync("/api/v1/livestreams?status=LIVE", Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "InternalServerError", "An unexpected error occurred");
        var error = Assert.Single(logs.Logs, log => log.Level >= LogLevel.Error);
        Assert.Matches(@"^Unhandled exception on GET /api/v1/livestreams \(trace [0-9a-f]{32}\)", error.Message);
    }

    [Fact]
    public async Task AClientsMistakeIsAnsweredWithoutAnErrorInTheLog()
    {
        var logs = new CollectingLoggerProvider();
        await using var api = new FaultyApi(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, logs, clock: null);
        using var client = api.CreateClient();

        using var malformed = await client.PostAsync("/api/v1/livestreams", new StringContent("{\"roomName\":", Encoding.UTF8, "application/json"), Ct);
        using var wrongType = await client.PostAsync("/api/v1/livestreams", new StringContent("{}", Encoding.UTF8, "text/plain"), Ct);

        await ApiAssert.ErrorAsync(malformed, HttpStatusCode.BadRequest, "ValidationError");
        await ApiAssert.ErrorAsync(wrongType, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        Assert.DoesNotContain(logs.Logs, log => log.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task AnUnreachableDatabaseIs503NotAHang()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreeTcpPort.Next()};Username=postgres;Database=favorited";
        await using var api = new ServiceFactory<Program>(unreachable, servers.Redis.ConnectionString);
        using var client = api.CreateClient();

        var started = DateTime.UtcNow;
        using var response = await client.GetAsync("/api/v1/livestreams", Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the request should fail within seconds");
    }

    [Fact]
    public async Task WhenRedisIsDownCreateIs503AndLeavesNeitherAStreamNorARoom()
    {
        await using var liveKit = await EmulatorHost.StartAsync(cancellationToken: Ct);
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct),
            $"127.0.0.1:{FreeTcpPort.Next()}", liveKit.Url, ApiFixture.OriginalApi);
        using var client = api.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/livestreams", new { roomName = "no-redis", title = "t", createdBy = "u" }, Ct);
        var errored = await ApiFixture.ReadJsonAsync(await client.GetAsync("/api/v1/livestreams?status=ERROR", Ct));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        var stream = Assert.Single(errored.GetProperty("data").EnumerateArray());
        Assert.Equal("no-redis", stream.GetProperty("roomName").GetString());
        Assert.Null(liveKit.Rooms.Find(LiveKitRooms.NameFor("no-redis", stream.GetProperty("id").GetGuid())));
    }

    /// <summary>An Api whose clock throws, so that creating a livestream fails unexpectedly.</summary>
    /// <param name="clock">Null: the system's.</param>
    private sealed class FaultyApi(string database, string redis, CollectingLoggerProvider logs, TimeProvider? clock)
        : ServiceFactory<Program>(database, redis, settings: ApiFixture.OriginalApi)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton(clock);
                }
                services.AddSingleton<ILoggerProvider>(logs);
            });
        }
    }

    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("clock is broken");
    }
}
