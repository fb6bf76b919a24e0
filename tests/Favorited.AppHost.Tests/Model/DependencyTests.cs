using Aspire.Hosting.ApplicationModel;

namespace Favorited.AppHost.Tests.Model;

/// <summary>What each resource references and waits for before it starts.</summary>
public sealed class DependencyTests
{
    [Fact]
    public async Task TheMigratorReferencesTheDatabaseAndWaitsForPostgres()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var migrations = model.Get<IResource>("migrations");
        Assert.True(References(migrations, "favorited"));
        Assert.Contains(migrations.Annotations.OfType<WaitAnnotation>(),
            wait => wait is { Resource.Name: "postgres", WaitType: WaitType.WaitUntilHealthy });
    }

    [Theory]
    [InlineData("api")]
    [InlineData("webhookworker")]
    public async Task TheServicesReferencePostgresAndRedisAndWaitForTheMigrationsToSucceed(string name)
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var service = model.Get<IResource>(name);
        Assert.True(References(service, "favorited"), $"{name} does not reference the database");
        Assert.True(References(service, "redis"), $"{name} does not reference Redis");
        var waits = service.Annotations.OfType<WaitAnnotation>().ToList();
        Assert.Contains(waits, wait => wait is { Resource.Name: "migrations", WaitType: WaitType.WaitForCompletion, ExitCode: 0 });
        Assert.Contains(waits, wait => wait is { Resource.Name: "redis", WaitType: WaitType.WaitUntilHealthy });
        Assert.Contains(waits, wait => wait is { Resource.Name: "livekit", WaitType: WaitType.WaitUntilHealthy });
    }

    [Fact]
    public async Task TheClientReferencesTheApiAndWaitsForIt()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var client = model.Get<IResource>("client");
        Assert.True(References(client, "api"));
        Assert.Contains(client.Annotations.OfType<WaitAnnotation>(),
            wait => wait is { Resource.Name: "api", WaitType: WaitType.WaitUntilHealthy });
    }

    private static bool References(IResource resource, string name) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Any(relationship => relationship.Type == "Reference" && relationship.Resource.Name == name);
}
