using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Favorited.AppHost.Tests;

/// <summary>
/// The AppHost's application model, built the way <c>dotnet run</c> or <c>aspire publish</c> builds it but never
/// started: no orchestrator and no container runtime are involved. The host environment is <c>Testing</c>, so the
/// developer's user secrets (a LiveKit Cloud connection string, say) do not leak into what is asserted.
/// </summary>
public sealed class AppModel : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private AppModel(DistributedApplication app)
    {
        _app = app;
        Resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        ExecutionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
    }

    public IResourceCollection Resources { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    /// <summary>
    /// The model of a local run (<c>dotnet run --project Favorited.AppHost</c>) on a machine without a container
    /// runtime: PostgreSQL and Redis as processes, the LiveKit emulator.
    /// </summary>
    public static Task<AppModel> ForRunAsync(CancellationToken cancellationToken, params string[] args) =>
        BuildAsync(["--Favorited:UseContainers=false", .. args], cancellationToken);

    /// <summary>The model of a local run on a machine with Docker or Podman: PostgreSQL, Redis and LiveKit as containers.</summary>
    public static Task<AppModel> ForContainerRunAsync(CancellationToken cancellationToken, params string[] args) =>
        BuildAsync(["--Favorited:UseContainers=true", .. args], cancellationToken);

    /// <summary>The model <c>aspire publish</c> and azd's manifest generation see.</summary>
    public static Task<AppModel> ForPublishAsync(CancellationToken cancellationToken, params string[] args) =>
        BuildAsync(["--operation", "publish", .. args], cancellationToken);

    /// <summary>
    /// Empties the variables that would point the AppHost at a developer's own LiveKit (LiveKit's CLI reads
    /// <c>LIVEKIT_URL</c> too, so it may well be set); empty counts as unset. A test's own arguments come after these.
    /// </summary>
    public static readonly string[] NoLiveKitFromTheEnvironment = ["--ConnectionStrings:livekit=", "--LiveKit:Url=", "--LIVEKIT_URL="];

    private static async Task<AppModel> BuildAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Favorited_AppHost>(
            ["--environment=Testing", .. NoLiveKitFromTheEnvironment, .. args], cancellationToken);
        try
        {
            return new AppModel(await builder.BuildAsync(cancellationToken));
        }
        catch
        {
            await builder.DisposeAsync();
            throw;
        }
    }

    public T Get<T>(string name) where T : IResource
    {
        Assert.True(Resources.TryGetByName(name, out var resource), $"The model has no resource '{name}'");
        return Assert.IsAssignableFrom<T>(resource);
    }

    /// <summary>
    /// The environment the resource would be started with, as the model holds it: endpoint references, connection
    /// string references, parameters and expressions, unresolved, since nothing is allocated before the orchestrator
    /// runs. <see cref="Expression"/> turns each value into its manifest expression.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, object>> EnvironmentOfAsync(string name, CancellationToken cancellationToken)
    {
        var capture = new Capture();
        await ExecutionConfigurationBuilder.Create(Get<IResource>(name))
            .WithEnvironmentVariablesConfig()
            .AddExecutionConfigurationGatherer(capture)
            .BuildAsync(ExecutionContext, NullLogger.Instance, cancellationToken);
        return capture.EnvironmentVariables;
    }

    /// <summary>The command-line arguments the resource would be started with, unresolved like the environment.</summary>
    public async Task<IReadOnlyList<object>> ArgumentsOfAsync(string name, CancellationToken cancellationToken)
    {
        var capture = new Capture();
        await ExecutionConfigurationBuilder.Create(Get<IResource>(name))
            .WithArgumentsConfig()
            .AddExecutionConfigurationGatherer(capture)
            .BuildAsync(ExecutionContext, NullLogger.Instance, cancellationToken);
        return capture.Arguments;
    }

    /// <summary>A value as the manifest writes it, e.g. <c>{api.bindings.http.url}</c> for the Api's http endpoint.</summary>
    public static string Expression(object value) => value switch
    {
        string text => text,
        IManifestExpressionProvider provider => provider.ValueExpression,
        _ => throw new InvalidOperationException($"A {value.GetType().Name} has no manifest expression"),
    };

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// Runs after the gatherers that collect what the AppHost configured, takes their values and leaves nothing to
    /// resolve, so that no endpoint allocation is awaited.
    /// </summary>
    private sealed class Capture : IExecutionConfigurationGatherer
    {
        public Dictionary<string, object> EnvironmentVariables { get; } = [];

        public List<object> Arguments { get; } = [];

        public ValueTask GatherAsync(IExecutionConfigurationGathererContext context, IResource resource, ILogger resourceLogger,
            DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken = default)
        {
            foreach (var (key, value) in context.EnvironmentVariables)
            {
                EnvironmentVariables[key] = value;
            }
            Arguments.AddRange(context.Arguments);
            context.EnvironmentVariables.Clear();
            context.Arguments.Clear();
            return ValueTask.CompletedTask;
        }
    }
}
