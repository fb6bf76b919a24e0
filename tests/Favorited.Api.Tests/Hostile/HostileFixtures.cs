using Favorited.Api.Tests.Identity;
using Favorited.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Favorited.Api.Tests.Hostile;

/// <summary>
/// The Api as it runs by default, with its log kept and a pool of two connections, so a connection a hostile request broke is
/// the one the next valid request gets.
/// </summary>
public sealed class HostileAccountsFixture(TestServers servers) : AccountsFixture(servers)
{
    public CollectingLoggerProvider Logs { get; } = new();

    protected override ServiceFactory<Program> CreateApi(string database, string redis, string liveKitUrl) =>
        new ObservedApi(SmallPool(database), redis, liveKitUrl, Settings, Logs);

    /// <summary>A private stream of a signed-in creator, with an invite, and a guest.</summary>
    public async Task<HostileTargets> PrepareAsync()
    {
        var creator = await RegisterAsync("Hostile Creator");
        var guest = await StartGuestAsync("Hostile Guest");
        var stream = await CreateStreamAsync(creator, visibility: "PRIVATE");
        using var invite = await SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream}/invites", creator.AccessToken, new { allowGuests = true });
        var data = (await ReadJsonAsync(invite)).GetProperty("data");
        return new HostileTargets(stream, data.GetProperty("id").GetString()!, data.GetProperty("code").GetString()!, creator.Id,
            creator.AccessToken, guest.AccessToken, BodyNamesCaller: false);
    }

    internal static string SmallPool(string database) =>
        new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 2 }.ConnectionString;
}

/// <summary>The original's API (bodies name the caller), hosted like <see cref="HostileAccountsFixture"/>.</summary>
public sealed class HostileCompatibilityFixture(TestServers servers) : ApiFixture(servers)
{
    public CollectingLoggerProvider Logs { get; } = new();

    protected override ServiceFactory<Program> CreateApi(string database, string redis, string liveKitUrl) =>
        new ObservedApi(HostileAccountsFixture.SmallPool(database), redis, liveKitUrl, Settings, Logs);

    public async Task<HostileTargets> PrepareAsync()
    {
        var stream = await CreateLivestreamAsync(new { roomName = $"room-{Guid.NewGuid():N}", title = "t", createdBy = "hostile-creator" });
        return new HostileTargets(stream.GetProperty("id").GetString()!, Guid.NewGuid().ToString(), "no-invites", "hostile-creator",
            AccountToken: null, GuestToken: null, BodyNamesCaller: true);
    }
}

/// <summary>The Api on a real Kestrel socket (what Kestrel itself refuses never reaches the Api), its log kept.</summary>
internal sealed class ObservedApi : ServiceFactory<Program>
{
    private readonly CollectingLoggerProvider _logs;

    public ObservedApi(string database, string redis, string liveKitUrl, IReadOnlyDictionary<string, string> settings,
        CollectingLoggerProvider logs) : base(database, redis, liveKitUrl, settings)
    {
        _logs = logs;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(_logs));
    }
}
