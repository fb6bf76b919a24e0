using Aspire.Hosting.ApplicationModel;

namespace Favorited.AppHost.Tests.Model;

/// <summary>How many processes of the Api and of the worker a run starts: <c>Favorited:ApiReplicas</c>, <c>Favorited:WorkerReplicas</c>.</summary>
public sealed class ReplicaTests
{
    [Fact]
    public async Task OneOfEachByDefault()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, model.Get<IResource>("api").GetReplicaCount());
        Assert.Equal(1, model.Get<IResource>("webhookworker").GetReplicaCount());
    }

    [Fact]
    public async Task EachServiceRunsAsManyReplicasAsConfigured()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken,
            "--Favorited:ApiReplicas=2", "--Favorited:WorkerReplicas=3");

        Assert.Equal(2, model.Get<IResource>("api").GetReplicaCount());
        Assert.Equal(3, model.Get<IResource>("webhookworker").GetReplicaCount());
        Assert.Equal(1, model.Get<IResource>("migrations").GetReplicaCount());
    }

    [Theory]
    [InlineData("--Favorited:ApiReplicas=0", "Favorited:ApiReplicas")]
    [InlineData("--Favorited:WorkerReplicas=two", "Favorited:WorkerReplicas")]
    public async Task ACountThatIsNoWholeNumberFromOneToSixteenStopsTheAppHost(string argument, string setting)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await (await AppModel.ForRunAsync(TestContext.Current.CancellationToken, argument)).DisposeAsync());

        Assert.StartsWith(setting, error.Message);
    }
}
