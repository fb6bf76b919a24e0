using System.Net;
using Favorited.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Favorited.Api.Tests.Identity;

/// <summary>
/// Compatibility mode cannot be on unnoticed. (That it serves the original's request sequences is what the suites running
/// with <see cref="ApiFixture.OriginalApi"/> check.)
/// </summary>
public sealed class CompatibilityModeTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HealthAndTheStartUpLogSayWhetherItIsOn(bool compatibility)
    {
        var logs = new CollectingLoggerProvider();
        await using var api = new LoggedApi(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, logs,
            compatibility ? ApiFixture.OriginalApi : ApiFixture.GenerousRateLimits);
        using var client = api.CreateClient();

        var (status, body) = await HealthProbe.GetAsync(client, Ct);
        var auth = body.GetProperty("components").GetProperty("auth");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", HealthProbe.ComponentStatus(body, "auth"));
        Assert.Equal(compatibility, auth.GetProperty("message").GetString()!.StartsWith("Compatibility mode is on", StringComparison.Ordinal));
        Assert.Equal(compatibility, logs.Logs.Any(log => log.Level == LogLevel.Warning && log.Message.StartsWith("Auth:Mode is Compatibility", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InCompatibilityModeTheBodyNamesTheCallerAsInTheOriginal()
    {
        await using var liveKit = await EmulatorHost.StartAsync(cancellationToken: Ct);
        await using var api = new ServiceFactory<Program>(await servers.CreateDatabaseAsync(Ct), servers.Redis.ConnectionString, liveKit.Url,
            ApiFixture.OriginalApi);
        using var client = api.CreateClient();

        using var created = await client.PostAsync("/api/v1/livestreams", Json(new { roomName = "compat", title = "t", createdBy = "alice" }), Ct);
        var id = (await ApiFixture.ReadJsonAsync(created)).GetProperty("data").GetProperty("id").GetString();
        using var joined = await client.PostAsync($"/api/v1/livestreams/{id}/join", Json(new { userId = "alice", displayName = "Alice", role = "HOST" }), Ct);
        using var missing = await client.PostAsync("/api/v1/livestreams", Json(new { roomName = "compat-2", title = "t" }), Ct);
        using var accounts = await client.GetAsync("/api/v1/auth/me", Ct);
        using var edit = await client.PatchAsync($"/api/v1/livestreams/{id}", Json(new { title = "new" }), Ct);
        using var hidden = await client.PostAsync("/api/v1/livestreams",
            Json(new { roomName = "compat-3", title = "t", createdBy = "alice", visibility = "PRIVATE" }), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        await ApiAssert.ErrorAsync(missing, HttpStatusCode.BadRequest, "ValidationError", "Creator ID (createdBy) is required");
        // Nobody signs in, so there are no accounts, and nobody could be let into a private stream.
        Assert.Equal(HttpStatusCode.NotFound, accounts.StatusCode);
        // Nor an edit: its caller could only be named by the body.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, edit.StatusCode);
        await ApiAssert.ErrorAsync(hidden, HttpStatusCode.BadRequest, "ValidationError", "Private livestreams need Auth:Mode Accounts");
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private sealed class LoggedApi(string database, string redis, CollectingLoggerProvider logs, IReadOnlyDictionary<string, string> settings)
        : ServiceFactory<Program>(database, redis, settings: settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs));
        }
    }
}
