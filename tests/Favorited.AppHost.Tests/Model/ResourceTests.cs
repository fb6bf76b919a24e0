using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Dotnet;
using Aspire.Hosting.JavaScript;
using Favorited.Testing;
using StackExchange.Redis;
using static Favorited.AppHost.Tests.AppModel;

namespace Favorited.AppHost.Tests.Model;

/// <summary>Every resource of a local run exists, of the kind and from the source the issue asks for.</summary>
public sealed class ResourceTests
{
    [Fact]
    public async Task WithoutContainersPostgresAndRedisAreTheMachinesOwnServerPrograms()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct);

        Assert.Empty(model.Resources.OfType<ContainerResource>());
        var postgres = model.Get<ExecutableResource>("postgres");
        var redis = model.Get<ExecutableResource>("redis");
        var postgresArguments = (await model.ArgumentsOfAsync("postgres", ct)).Select(Expression).ToList();
        // As root, through setpriv as the postgres user.
        Assert.Contains([postgres.Command, .. postgresArguments], argument => argument.EndsWith("/bin/postgres", StringComparison.Ordinal));
        Assert.Contains("listen_addresses=127.0.0.1", postgresArguments);
        Assert.EndsWith("redis-server", redis.Command);
        Assert.Contains("127.0.0.1", (await model.ArgumentsOfAsync("redis", ct)).Select(Expression));

        // Connection strings of the same shape as the containers', so the services cannot tell the difference.
        Assert.Equal("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value}",
            ((IResourceWithConnectionString)postgres).ConnectionStringExpression.ValueExpression);
        Assert.Equal("{postgres.connectionString};Database=favorited",
            model.Get<IResourceWithConnectionString>("favorited").ConnectionStringExpression.ValueExpression);
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}",
            ((IResourceWithConnectionString)redis).ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task ProcessPasswordsAreSecretsKeptBesideTheirDataAndNotOnTheCommandLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), $"favorited-data-{Guid.NewGuid():N}");
        try
        {
            await using var model = await AppModel.ForRunAsync(ct, $"--Favorited:DataDirectory={data}");

            var postgres = model.Get<ParameterResource>("postgres-password");
            var redis = model.Get<ParameterResource>("redis-password");
            Assert.True(postgres.Secret && redis.Secret);
            var postgresPassword = await postgres.GetValueAsync(ct);
            var redisPassword = await redis.GetValueAsync(ct);
            Assert.Equal(32, postgresPassword?.Length);
            Assert.NotEqual(postgresPassword, redisPassword);
            var file = Path.Combine(data, "postgres.password");
            Assert.Equal(postgresPassword, await File.ReadAllTextAsync(file, ct));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.DoesNotContain(redisPassword!, string.Join(' ', (await model.ArgumentsOfAsync("redis", ct)).Select(Expression)));

            // A later run on the same data gets the same passwords.
            await using var again = await AppModel.ForRunAsync(ct, $"--Favorited:DataDirectory={data}");
            Assert.Equal(postgresPassword, await again.Get<ParameterResource>("postgres-password").GetValueAsync(ct));
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task ProcessDataIsKeptInTheConfiguredDataDirectory()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), $"favorited-data-{Guid.NewGuid():N}");
        await using var model = await AppModel.ForRunAsync(ct, $"--Favorited:DataDirectory={data}");

        var postgresArguments = (await model.ArgumentsOfAsync("postgres", ct)).Select(Expression).ToList();
        var redisArguments = (await model.ArgumentsOfAsync("redis", ct)).Select(Expression).ToList();
        // As root, PostgreSQL's folder must be one the postgres user can enter; /tmp is.
        Assert.Equal(Path.Combine(data, "postgres"), postgresArguments[postgresArguments.IndexOf("-D") + 1]);
        Assert.Equal(Path.Combine(data, "redis"), redisArguments[redisArguments.IndexOf("--dir") + 1]);
    }

    /// <summary>The Api acknowledges a webhook once it is on the Redis stream: Redis must have it on disk before it answers.</summary>
    [Fact]
    public async Task RedisAnswersAWriteOnlyOnceItIsInTheAppendOnlyFileOnDisk()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var processes = await AppModel.ForRunAsync(ct);
        await using var containers = await AppModel.ForContainerRunAsync(ct);
        var processArguments = (await processes.ArgumentsOfAsync("redis", ct)).Select(Expression).ToList();
        var containerArguments = (await containers.ArgumentsOfAsync("redis", ct)).Select(Expression).ToList();

        string[] persistence = ["--appendonly", ValueOf(processArguments, "--appendonly"), "--appendfsync", ValueOf(processArguments, "--appendfsync")];
        Assert.Equal(["--appendonly", "yes", "--appendfsync", "always"], persistence);
        Assert.Equal(("yes", "always"), (ValueOf(containerArguments, "--appendonly"), ValueOf(containerArguments, "--appendfsync")));

        // And redis-server takes them as meant.
        await using var redis = await RedisServer.StartAsync(ct, persistence);
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var config = (await connection.GetServer(connection.GetEndPoints()[0]).ConfigGetAsync("append*")).ToDictionary();
        Assert.Equal(("yes", "always"), (config["appendonly"], config["appendfsync"]));
    }

    private static string ValueOf(List<string> arguments, string option) =>
        arguments.IndexOf(option) is >= 0 and var at && at + 1 < arguments.Count ? arguments[at + 1] : $"(no {option})";

    [Fact]
    public async Task ExistingServersReplaceTheLocalOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var model = await AppModel.ForRunAsync(ct,
            "--ConnectionStrings:favorited=Host=db.example;Database=favorited", "--ConnectionStrings:redis=cache.example:6379");

        Assert.False(model.Resources.TryGetByName("postgres", out _));
        Assert.IsNotAssignableFrom<ExecutableResource>(model.Get<IResourceWithConnectionString>("favorited"));
        Assert.IsNotAssignableFrom<ExecutableResource>(model.Get<IResourceWithConnectionString>("redis"));
        var environment = await model.EnvironmentOfAsync("api", ct);
        Assert.Equal("{favorited.connectionString}", Expression(environment["ConnectionStrings__favorited"]));
        Assert.Equal("{redis.connectionString}", Expression(environment["ConnectionStrings__redis"]));
    }

    [Fact]
    public async Task WithContainersPostgresHasTheFavoritedDatabaseAndBothKeepTheirDataInVolumes()
    {
        await using var model = await AppModel.ForContainerRunAsync(TestContext.Current.CancellationToken);

        var postgres = model.Get<PostgresServerResource>("postgres");
        var database = model.Get<PostgresDatabaseResource>("favorited");
        Assert.Same(postgres, database.Parent);
        Assert.Equal("favorited", database.DatabaseName);
        Assert.Contains(postgres.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.Volume);
        Assert.Contains(model.Get<RedisResource>("redis").Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.Volume);
    }

    [Theory]
    [InlineData("migrations", "Favorited.MigrationService.csproj")]
    [InlineData("api", "Favorited.Api.csproj")]
    [InlineData("webhookworker", "Favorited.WebhookWorker.csproj")]
    [InlineData("livekit", "Favorited.LiveKitEmulator.csproj")]
    public async Task EachServiceIsItsProject(string name, string projectFile)
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var project = model.Get<DotnetProjectResource>(name);
        Assert.Equal(projectFile, Path.GetFileName(project.GetProjectMetadata().ProjectPath));
    }

    [Fact]
    public async Task TheClientIsTheViteAppInClientOnPort5173()
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        var client = model.Get<ViteAppResource>("client");
        Assert.Equal("client", Path.GetFileName(Path.TrimEndingDirectorySeparator(client.WorkingDirectory)));
        Assert.Equal("npm", client.Command);
        Assert.Equal(5173, client.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port);
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
    [InlineData("postgres")]
    [InlineData("redis")]
    [InlineData("livekit")]
    [InlineData("api")]
    [InlineData("webhookworker")]
    [InlineData("client")]
    public async Task EveryLongRunningResourceHasAHealthCheck(string name)
    {
        await using var model = await AppModel.ForRunAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(model.Get<IResource>(name).Annotations.OfType<HealthCheckAnnotation>());
    }
}
