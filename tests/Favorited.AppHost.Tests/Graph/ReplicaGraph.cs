using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Dotnet;
using Aspire.Hosting.Testing;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// The graph with two Api and two worker replicas. The emulator's webhooks go to a <see cref="WebhookRelay"/> that gives
/// each to both Api replicas (their own addresses, not Aspire's proxy); a worker replica's pending entries are taken over
/// after 5 s rather than 60 s, so a killed replica's entries are claimed within the test; an event stream may fall far behind.
/// </summary>
public sealed class ReplicaGraph : RunningGraph
{
    public const int Replicas = 2;
    private const string WebhookPath = "/api/v1/webhooks/livekit";

    public ReplicaGraph() : this(new WebhookRelay())
    {
    }

    private ReplicaGraph(WebhookRelay relay)
        : base([$"--Favorited:ApiReplicas={Replicas}", $"--Favorited:WorkerReplicas={Replicas}"], builder => Configure(builder, relay)) =>
        Relay = relay;

    public WebhookRelay Relay { get; }

    /// <summary>Each Api replica's own address (from its environment: DCP gives every replica a port of its own).</summary>
    public IReadOnlyList<Uri> ApiReplicas { get; private set; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var replicas = await ReplicaSnapshots.RunningAsync(App, "api", Replicas, TestContext.Current.CancellationToken);
        ApiReplicas = [.. replicas.Select(ReplicaSnapshots.HttpAddress)];
        Relay.ForwardTo([.. ApiReplicas.Select(address => new Uri(address, WebhookPath))]);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Relay.DisposeAsync();
    }

    private static void Configure(IDistributedApplicationTestingBuilder builder, WebhookRelay relay)
    {
        builder.CreateResourceBuilder<DotnetProjectResource>("livekit")
            .WithEnvironment("Emulator__WebhookUrls__0", new Uri(new Uri(relay.Url), WebhookPath).ToString());
        // The list feed carries every stream's events: on a loaded machine it can fall more than the default 16 frames
        // behind in the burst and be cut off (a browser reconnects and refetches). Here it must see every event.
        // Every subscriber here is one client on loopback, 31 event streams per replica: above one browser's limit.
        builder.CreateResourceBuilder<DotnetProjectResource>("api")
            .WithEnvironment("Sse__SubscriberBufferSize", "10000")
            .WithEnvironment("Sse__MaxConnectionsPerClient", "1000");
        builder.CreateResourceBuilder<DotnetProjectResource>("webhookworker")
            .WithEnvironment("Webhooks__ClaimIdleTime", "00:00:05");
    }
}

/// <summary>The replica graph runs alone: two graphs at once would starve a small machine.</summary>
[CollectionDefinition(nameof(ReplicaGraph), DisableParallelization = true)]
public sealed class ReplicaGraphCollection : ICollectionFixture<ReplicaGraph>;
