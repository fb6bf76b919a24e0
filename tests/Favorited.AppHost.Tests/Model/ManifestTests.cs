using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Favorited.AppHost.Tests.Model;

/// <summary>The manifest azd reads (<c>azd up</c>), generated the way azd generates it: the AppHost run with the manifest publisher.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task TheManifestHoldsEveryResourceWithItsBindingsReferencesAndParameters()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = Directory.CreateTempSubdirectory("favorited-manifest-");
        try
        {
            await using (var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Favorited_AppHost>(
                ["--environment=Testing", "--publisher", "manifest", "--output-path", output.FullName], ct))
            await using (var app = await builder.BuildAsync(ct))
            {
                await app.RunAsync(ct);
            }

            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, "aspire-manifest.json"), ct));
            var resources = manifest.RootElement.GetProperty("resources");
            string TypeOf(string name) => resources.GetProperty(name).GetProperty("type").GetString()!;

            Assert.StartsWith("container.", TypeOf("postgres"));
            Assert.Equal("value.v0", TypeOf("favorited"));
            Assert.StartsWith("container.", TypeOf("redis"));
            Assert.Equal("parameter.v0", TypeOf("livekit"));
            Assert.Equal("parameter.v0", TypeOf("livekit-api-key"));
            Assert.Equal("parameter.v0", TypeOf("livekit-api-secret"));
            foreach (var project in (string[])["migrations", "api", "webhookworker"])
            {
                Assert.StartsWith("project.", TypeOf(project));
            }

            var api = resources.GetProperty("api");
            Assert.True(api.GetProperty("bindings").TryGetProperty("http", out var http));
            Assert.True(http.GetProperty("external").GetBoolean());
            var environment = api.GetProperty("env");
            Assert.Equal("{favorited.connectionString}", environment.GetProperty("ConnectionStrings__favorited").GetString());
            Assert.Equal("{redis.connectionString}", environment.GetProperty("ConnectionStrings__redis").GetString());
            Assert.Equal("{livekit.connectionString}", environment.GetProperty("LiveKit__Url").GetString());
            Assert.Equal("{livekit-api-key.value}", environment.GetProperty("LiveKit__ApiKey").GetString());
            Assert.Equal("{livekit-api-secret.value}", environment.GetProperty("LiveKit__ApiSecret").GetString());

            // The client is published as its built files behind a proxy that forwards /api to the Api.
            Assert.True(resources.TryGetProperty("client", out var client), "The manifest has no client");
            Assert.Contains("{api.bindings.http", client.GetRawText());
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
