extern alias api;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Favorited.LocalServers;
using Favorited.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ApiProgram = api::Program;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// The webhook path as it runs for real: a LiveKit emulator whose webhooks go over HTTP to an Api on a real
/// port, a worker host of its own, one fresh Postgres database and one Redis database no other test uses.
/// </summary>
public sealed class WorkerGraph : IAsyncDisposable
{
    public static readonly Dictionary<string, string> FastSettings = new()
    {
        ["RateLimits:General:PermitLimit"] = "1000000",
        ["RateLimits:Write:PermitLimit"] = "1000000",
        ["RateLimits:Create:PermitLimit"] = "1000000",
        ["Webhooks:RetryBaseDelay"] = "00:00:00.050",
        ["Webhooks:ClaimIdleTime"] = "00:00:02",
        // Jobs run once at start; tests run them again when they need to.
        ["Jobs:ReconciliationInterval"] = "01:00:00",
        ["Jobs:AnalyticsSnapshotInterval"] = "01:00:00",
    };

    private WorkerGraph(string database, string redis, EmulatorHost liveKit, ServiceFactory<ApiProgram> api, HttpClient client)
    {
        DatabaseConnectionString = database;
        RedisConnectionString = redis;
        LiveKit = liveKit;
        Api = api;
        Client = client;
        Redis = ConnectionMultiplexer.Connect(redis);
    }

    public string DatabaseConnectionString { get; }
    public string RedisConnectionString { get; }
    public EmulatorHost LiveKit { get; }
    public ServiceFactory<ApiProgram> Api { get; }
    public HttpClient Client { get; }
    public ConnectionMultiplexer Redis { get; }
    public WebApplicationFactory<Program>? Worker { get; private set; }

    public LiveStateStore LiveState => new(Redis, Options.Create(new LiveStateOptions()));

    public AccessTokenIssuer Tokens => Api.Services.GetRequiredService<AccessTokenIssuer>();

    /// <param name="redis">A Redis server of the test's own, instead of the shared one (e.g. to make it refuse commands).</param>
    public static async Task<WorkerGraph> StartAsync(TestServers servers, bool startWorker = true,
        Action<IServiceCollection>? configureWorker = null, RedisServer? redis = null)
    {
        var database = await servers.CreateDatabaseAsync();
        var redisConnectionString = (redis ?? servers.Redis).NewDatabaseConnectionString();
        var apiPort = FreeTcpPort.Next();
        var liveKit = await EmulatorHost.StartAsync(options =>
        {
            options.WebhookUrls = [$"http://127.0.0.1:{apiPort}/api/v1/webhooks/livekit"];
            options.WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(100);
        });
        // The worker's tests drive the Api with the original's request sequences (body ids): compatibility mode.
        var api = new ServiceFactory<ApiProgram>(database, redisConnectionString, liveKit.Url,
            new Dictionary<string, string>(FastSettings) { ["Auth:Mode"] = "Compatibility" });
        api.UseKestrel(apiPort);
        api.StartServer();
        var graph = new WorkerGraph(database, redisConnectionString, liveKit, api, api.CreateClient());
        if (startWorker)
        {
            graph.StartWorker(configureWorker);
        }
        return graph;
    }

    /// <summary>A worker host in this process (its hosted services start with it).</summary>
    public WebApplicationFactory<Program> StartWorker(Action<IServiceCollection>? configure = null)
    {
        var worker = new ServiceFactory<Program>(DatabaseConnectionString, RedisConnectionString, LiveKit.Url, FastSettings);
        Worker = configure is null
            ? worker
            : worker.WithWebHostBuilder(b => b.ConfigureTestServices(configure));
        _ = Worker.Services;
        return Worker;
    }

    /// <summary>The worker as a separate process, with the environment an AppHost would give it.</summary>
    /// <param name="settings">More environment, e.g. <c>Webhooks__ConsumerName</c>; it wins over <see cref="FastSettings"/>.</param>
    public ChildProcess StartWorkerProcess(IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__favorited"] = DatabaseConnectionString,
            ["ConnectionStrings__redis"] = RedisConnectionString,
            ["LiveKit__Url"] = LiveKit.Url,
            ["LiveKit__ApiKey"] = EmulatorHost.ApiKey,
            ["LiveKit__ApiSecret"] = EmulatorHost.ApiSecret,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreeTcpPort.Next()}",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in FastSettings)
        {
            environment[key.Replace(":", "__")] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "Favorited.WebhookWorker.dll")], environment);
    }

    public FavoritedDbContext CreateDbContext() => TestServers.CreateDbContext(DatabaseConnectionString);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }
        await Api.DisposeAsync();
        await LiveKit.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
