using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Favorited.Core.LiveKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// The AppHost running for real, once for all <see cref="GraphTests"/>: PostgreSQL, Redis and the LiveKit dev server
/// in containers, the migrations, the Api, the webhook worker and the Vite client, until every resource is healthy
/// or has run to completion.
/// </summary>
public sealed class RunningGraph : IAsyncLifetime
{
    // A first run pulls the images and runs npm install.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private DistributedApplication? _app;
    private HttpClient? _liveKitHttp;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The graph did not start.");

    /// <summary>The last state of every resource that has a lifetime, once all of them settled.</summary>
    public IReadOnlyList<ResourceEvent> Settled { get; private set; } = [];

    /// <summary>LiveKit's server API on the dev server, with the key pair the AppHost gave it.</summary>
    public RoomServiceClient LiveKit { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await ContainerRuntime.EnsureAvailableAsync(ct);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Favorited_AppHost>(["--environment=Testing"], ct);
        // Containers without their volumes: a test run never touches the data of the developer's own runs.
        foreach (var resource in builder.Resources)
        {
            foreach (var volume in resource.Annotations.OfType<ContainerMountAnnotation>().Where(m => m.Type == ContainerMountType.Volume).ToList())
            {
                resource.Annotations.Remove(volume);
            }
        }
        // The worker's reconciliation with LiveKit also ends a livestream whose room is gone; pushed out of the way,
        // so that within a test only LiveKit's webhook can.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "webhookworker"))
            .WithEnvironment("Jobs__ReconciliationInterval", "1.00:00:00");
        try
        {
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
        }
        catch (Exception ex)
        {
            // Stopped here, since a fixture that failed to initialise may never be disposed.
            await _app.DisposeAsync();
            _app = null;
            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                var states = lastSeen.Values.OrderBy(update => update.Resource.Name).Select(update =>
                    $"  {update.Resource.Name}: {update.Snapshot.State?.Text ?? "no state"}, health {update.Snapshot.HealthStatus?.ToString() ?? "unknown"}");
                throw new TimeoutException($"The graph did not settle within {StartTimeout.TotalMinutes:0} minutes:\n{string.Join('\n', states)}", ex);
            }
            throw;
        }

        LiveKit = await ConnectToLiveKitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _liveKitHttp?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
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

    private async Task<RoomServiceClient> ConnectToLiveKitAsync(CancellationToken cancellationToken)
    {
        var resources = App.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        async Task<string> ValueOf(string parameter) =>
            await resources.OfType<ParameterResource>().Single(p => p.Name == parameter).GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Parameter {parameter} has no value");

        var options = new LiveKitOptions
        {
            Url = App.GetEndpoint("livekit", "http").ToString(),
            ApiKey = await ValueOf("livekit-api-key"),
            ApiSecret = await ValueOf("livekit-api-secret"),
        };
        _liveKitHttp = new HttpClient { BaseAddress = options.GetApiBaseUri() };
        return new RoomServiceClient(_liveKitHttp, new AccessTokenIssuer(Options.Create(options), TimeProvider.System));
    }
}
