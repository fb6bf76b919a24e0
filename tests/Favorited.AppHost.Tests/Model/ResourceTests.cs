using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.JavaScript;

namespace Favorited.AppHost.Tests.Model;

/// <summary>Every resource of a local run exists, of the kind and from the source the issue asks for.</summary>
public sealed class ResourceTests
{
    [Fact]
    public async Task PostgresHasTheFavoritedDatabaseAndKeepsItsDataInAVolume()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var postgres = model.Get<PostgresServerResource>("postgres");
        var database = model.Get<PostgresDatabaseResource>("favorited");
        Assert.Same(postgres, database.Parent);
        Assert.Equal("favorited", database.DatabaseName);
        Assert.Contains(postgres.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.Volume);
    }

    [Fact]
    public async Task RedisKeepsItsDataInAVolume()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var redis = model.Get<RedisResource>("redis");
        Assert.Contains(redis.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.Volume);
    }

    [Theory]
    [InlineData("migrations", "Favorited.MigrationService.csproj")]
    [InlineData("api", "Favorited.Api.csproj")]
    [InlineData("webhookworker", "Favorited.WebhookWorker.csproj")]
    public async Task EachServiceIsItsProject(string name, string projectFile)
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var project = model.Get<ProjectResource>(name);
        Assert.Equal(projectFile, Path.GetFileName(project.GetProjectMetadata().ProjectPath));
    }

    [Fact]
    public async Task TheClientIsTheViteAppInClient()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var client = model.Get<ViteAppResource>("client");
        Assert.Equal("client", Path.GetFileName(Path.TrimEndingDirectorySeparator(client.WorkingDirectory)));
        Assert.Equal("npm", client.Command);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("client")]
    public async Task TheApiAndTheClientAreReachableFromOutside(string name)
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var endpoints = model.Get<IResourceWithEndpoints>(name).Annotations.OfType<EndpointAnnotation>().ToList();
        Assert.Contains(endpoints, endpoint => endpoint is { UriScheme: "http", IsExternal: true });
    }

    [Theory]
    [InlineData("api")]
    [InlineData("webhookworker")]
    public async Task TheServicesAreHealthyOnlyWhenTheirHealthEndpointSaysSo(string name)
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(model.Get<ProjectResource>(name).Annotations.OfType<HealthCheckAnnotation>());
    }
}
