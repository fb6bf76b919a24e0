using Favorited.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Favorited.Api.Tests;

/// <summary>The Api in a host environment of the test's choosing (a test host is Development otherwise).</summary>
public sealed class EnvironmentApi(string environment, string database, string redis, IReadOnlyDictionary<string, string>? settings = null)
    : ServiceFactory<Program>(database, redis, settings: settings)
{
    /// <summary>Set by <see cref="StartOnSocket"/>: where the real server listens.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Serves on a loopback port through Kestrel, so requests have a real peer address.</summary>
    public EnvironmentApi StartOnSocket()
    {
        var port = FreeTcpPort.Next();
        UseKestrel(port);
        StartServer();
        Address = new Uri($"http://127.0.0.1:{port}");
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
    }
}
