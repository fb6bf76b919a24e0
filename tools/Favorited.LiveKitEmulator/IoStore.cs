namespace Favorited.LiveKitEmulator;

/// <summary>
/// The ingresses and egresses the emulated server holds (LiveKit keeps them in Redis, apart from rooms). Guarded by
/// <see cref="RoomStore.Sync"/>, since an ingress publishes into a room and an egress records one.
/// </summary>
public sealed class IoStore(TimeProvider timeProvider)
{
    private readonly Dictionary<string, Ingress> _ingresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Egress> _egresses = new(StringComparer.Ordinal);

    public IReadOnlyList<Ingress> Ingresses => [.. _ingresses.Values];

    public IReadOnlyList<Egress> Egresses => [.. _egresses.Values];

    public Ingress? FindIngress(string ingressId) => _ingresses.GetValueOrDefault(ingressId);

    public Ingress? FindIngressByStreamKey(string streamKey) =>
        streamKey.Length == 0 ? null : _ingresses.Values.FirstOrDefault(i => i.StreamKey == streamKey);

    public void Add(Ingress ingress) => _ingresses[ingress.IngressId] = ingress;

    public bool Remove(Ingress ingress) => _ingresses.Remove(ingress.IngressId);

    public Egress? FindEgress(string egressId) => _egresses.GetValueOrDefault(egressId);

    public void Add(Egress egress) => _egresses[egress.EgressId] = egress;

    /// <summary>Now in Unix nanoseconds, the unit of every ingress and egress timestamp.</summary>
    public long NowNanoseconds() => (timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
