using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Favorited.AppHost.Tests.Graph;

/// <summary>
/// The replicas of a resource as DCP reports them: each is a resource event of its own (its <c>ResourceId</c>), with its
/// process id and environment. Its URLs are the model's (Aspire's proxy), the same for every replica.
/// </summary>
internal static class ReplicaSnapshots
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Waits until <paramref name="count"/> replicas of the resource run, other than those in <paramref name="except"/>.</summary>
    public static async Task<IReadOnlyList<ResourceEvent>> RunningAsync(DistributedApplication app, string name, int count,
        CancellationToken ct, params string[] except)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Patience);
        var latest = new Dictionary<string, ResourceEvent>();
        await foreach (var update in app.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name != name)
            {
                continue;
            }
            latest[update.ResourceId] = update;
            var running = latest.Values
                .Where(replica => replica.Snapshot.State?.Text == KnownResourceStates.Running && Pid(replica) is { } pid && !except.Contains($"{pid}"))
                .OrderBy(replica => replica.ResourceId, StringComparer.Ordinal)
                .ToList();
            if (running.Count >= count)
            {
                return running;
            }
        }
        throw new OperationCanceledException();
    }

    /// <summary>Waits until the replica's process has ended; the state DCP reports it in.</summary>
    public static async Task<string> StoppedAsync(DistributedApplication app, string resourceId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Patience);
        await foreach (var update in app.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.ResourceId == resourceId && update.Snapshot.State?.Text is { } state
                && (KnownResourceStates.TerminalStates.Contains(state) || state == KnownResourceStates.Exited))
            {
                return state;
            }
        }
        throw new OperationCanceledException();
    }

    public static int? Pid(ResourceEvent replica) =>
        replica.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            && int.TryParse(value.ToString(), out var pid)
            ? pid
            : null;

    /// <summary>The replica's own http address, from the <c>ASPNETCORE_URLS</c> (or <c>HTTP_PORTS</c>) DCP gave it.</summary>
    public static Uri HttpAddress(ResourceEvent replica)
    {
        var environment = replica.Snapshot.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value ?? "");
        if (environment.GetValueOrDefault("ASPNETCORE_URLS")?.Split(';').FirstOrDefault(url => url.StartsWith("http://", StringComparison.Ordinal))
            is { } url)
        {
            return new Uri(url.Replace("://localhost:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal));
        }
        if (environment.GetValueOrDefault("HTTP_PORTS")?.Split(';').FirstOrDefault() is { Length: > 0 } port)
        {
            return new Uri($"http://127.0.0.1:{port}");
        }
        throw new InvalidOperationException(
            $"{replica.ResourceId} shows no address of its own; its environment: {string.Join(", ", environment.Keys)}");
    }
}
