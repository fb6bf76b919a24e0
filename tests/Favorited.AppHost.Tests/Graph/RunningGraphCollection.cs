namespace Favorited.AppHost.Tests.Graph;

/// <summary>One graph for every class that needs it: starting it takes the better part of a minute.</summary>
[CollectionDefinition(nameof(RunningGraph))]
public sealed class RunningGraphCollection : ICollectionFixture<RunningGraph>;
