using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Testing;

namespace Favorited.Api.Tests;

/// <summary>An Api of its own (fresh database, shared Redis) in front of a LiveKit emulator of its own.</summary>
public class ApiFixture(TestServers servers) : IAsyncLifetime
{
    /// <summary>Functional tests make more requests from one client than the production limits allow.</summary>
    public static readonly IReadOnlyDictionary<string, string> GenerousRateLimits = new Dictionary<string, string>
    {
        ["RateLimits:General:PermitLimit"] = "100000",
        ["RateLimits:Write:PermitLimit"] = "100000",
        ["RateLimits:Create:PermitLimit"] = "100000",
        ["RateLimits:Identity:PermitLimit"] = "100000",
    };

    /// <summary>
    /// The original's API, whose request bodies name the caller: the suites that replay its request sequences run in
    /// compatibility mode (AuthTests and the other Accounts suites check the default).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> OriginalApi = new Dictionary<string, string>(GenerousRateLimits)
    {
        ["Auth:Mode"] = "Compatibility",
    };

    public EmulatorHost LiveKit { get; private set; } = null!;
    public ServiceFactory<Program> Api { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public string RedisConnectionString { get; private set; } = null!;

    public string DatabaseConnectionString { get; private set; } = null!;

    /// <summary>The Api's settings beyond its connections; a derived fixture may add some.</summary>
    public virtual IReadOnlyDictionary<string, string> Settings => OriginalApi;

    public Task<string> CreateSiblingDatabaseAsync() => servers.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    public virtual async ValueTask InitializeAsync()
    {
        LiveKit = await EmulatorHost.StartAsync();
        DatabaseConnectionString = await servers.CreateDatabaseAsync();
        RedisConnectionString = await StartRedisAsync(servers);
        Api = CreateApi(DatabaseConnectionString, RedisConnectionString, LiveKit.Url);
        Client = Api.CreateClient();
    }

    /// <summary>The Api under test; a derived fixture may host it differently.</summary>
    protected virtual ServiceFactory<Program> CreateApi(string database, string redis, string liveKitUrl) =>
        new(database, redis, liveKitUrl, Settings);

    /// <summary>The shared Redis; a derived fixture that must not hear other tests' pub/sub may start its own.</summary>
    protected virtual Task<string> StartRedisAsync(TestServers servers) => Task.FromResult(servers.Redis.ConnectionString);

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await LiveKit.DisposeAsync();
    }

    public async Task<JsonElement> CreateLivestreamAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/livestreams", body, TestContext.Current.CancellationToken);
        var json = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("data");
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
