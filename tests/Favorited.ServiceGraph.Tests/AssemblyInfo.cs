using Favorited.Testing;

[assembly: AssemblyFixture(typeof(TestServers))]
