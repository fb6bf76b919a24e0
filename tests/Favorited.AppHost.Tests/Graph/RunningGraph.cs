using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// The AppHost running for real, once for all graph tests, the way <c>dotnet run --project Favorited.AppHost</c> runs
/// it on a machine without containers: PostgreSQL and Redis as processes (data in a fresh folder, deleted at the end),
/// the LiveKit emulator, the migrations, the Api, the webhook worker, the Vite client and the dashboard, until every
/// resource is healthy or has run to completion. Ports are random, so a developer's own run is left alone.
/// </summary>
public class RunningGraph : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"favorited-graph-{Guid.NewGuid():N}");
    private DistributedApplication? _app;

    private readonly string[] _arguments;
    private readonly Action<IDistributedApplicationTestingBuilder> _configure;

    public RunningGraph() : this([], _ => { })
    {
    }

    /// <param name="arguments">The AppHost's configuration on top of the usual test run's.</param>
    /// <param name="configure">Changes to the model before it is built (a service's settings, say).</param>
    protected RunningGraph(string[] arguments, Action<IDistributedApplicationTestingBuilder> configure) =>
        (_arguments, _configure) = (arguments, configure);

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph did not start.");

    /// <summary>The last state of every resource that has a lifetime, once all of them settled.</summary>
    public IReadOnlyList<ResourceEvent> Settled { get; private set; } = [];

    /// <summary>The dashboard's telemetry HTTP API, with its API key.</summary>
    public HttpClient Dashboard { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Favorited_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            ["--environment=Testing", .. AppModel.NoLiveKitFromTheEnvironment, "--Favorited:UseContainers=false",
                $"--Favorited:DataDirectory={_dataDirectory}", .. _arguments], ct);
        try
        {
            _configure(builder);
            _app = await builder.BuildAsync(ct);
        }
        catch
        {
            await builder.DisposeAsync();
            throw;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        var lastSeen = new ConcurrentDictionary<string, ResourceEvent>();
        try
        {
            await _app.StartAsync(timeout.Token);
            Settled = await WaitUntilSettledAsync(_app, lastSeen, timeout.Token);
            Dashboard = await ConnectToDashboardAsync(_app, timeout.Token);
        }
        catch (Exception ex)
        {
            // Stopped here, since a fixture that failed to initialise may never be disposed.
            await DisposeAsync();
            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                var states = lastSeen.Values.OrderBy(update => update.Resource.Name).Select(update =>
                    $"  {update.Resource.Name}: {update.Snapshot.State?.Text ?? "no state"}, health {update.Snapshot.HealthStatus?.ToString() ?? "unknown"}");
                throw new TimeoutException($"The graph did not settle within {StartTimeout.TotalMinutes:0} minutes:\n{string.Join('\n', states)}", ex);
            }
            throw;
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        Dashboard?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
        await DeleteDataDirectoryAsync();
    }

    /// <summary>PostgreSQL may still be writing its shutdown checkpoint for a moment after the graph stopped.</summary>
    private async Task DeleteDataDirectoryAsync()
    {
        for (var attempt = 1; Directory.Exists(_dataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<IReadOnlyList<ResourceEvent>> WaitUntilSettledAsync(DistributedApplication app,
        ConcurrentDictionary<string, ResourceEvent> lastSeen, CancellationToken cancellationToken)
    {
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(resource => resource is not IResourceWithoutLifetime && !resource.Annotations.OfType<ExplicitStartupAnnotation>().Any());
        return await Task.WhenAll(resources.Select(resource => app.ResourceNotifications.WaitForResourceAsync(resource.Name, update =>
        {
            lastSeen[resource.Name] = update;
            return update.Snapshot.HealthStatus == HealthStatus.Healthy || IsFinished(update);
        }, cancellationToken)));
    }

    public static bool IsFinished(ResourceEvent update) =>
        update.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);

    private static async Task<HttpClient> ConnectToDashboardAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var login = await app.GetDashboardUrlAsync(cancellationToken);
        var apiKey = app.Services.GetRequiredService<IConfiguration>()["AppHost:DashboardApiKey"]
            ?? throw new InvalidOperationException("The AppHost has no dashboard API key (AppHost:DashboardApiKey).");
        var dashboard = new HttpClient { BaseAddress = new Uri(login.GetLeftPart(UriPartial.Authority)) };
        dashboard.DefaultRequestHeaders.Add("x-api-key", apiKey);
        dashboard.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return dashboard;
    }
}
