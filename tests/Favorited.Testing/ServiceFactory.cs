using Favorited.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Favorited.Testing;

/// <summary>
/// Hosts one of Favorited's web services in the test process, wired to the given PostgreSQL, Redis and
/// LiveKit through the same configuration keys an Aspire AppHost injects.
/// </summary>
public class ServiceFactory<TEntryPoint>(
    string databaseConnectionString, string redisConnectionString, string liveKitUrl = "http://127.0.0.1:1",
    IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting($"ConnectionStrings:{ConnectionNames.Database}", databaseConnectionString);
        builder.UseSetting($"ConnectionStrings:{ConnectionNames.Redis}", redisConnectionString);
        builder.UseSetting("LiveKit:Url", liveKitUrl);
        builder.UseSetting("LiveKit:ApiKey", EmulatorHost.ApiKey);
        builder.UseSetting("LiveKit:ApiSecret", EmulatorHost.ApiSecret);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
