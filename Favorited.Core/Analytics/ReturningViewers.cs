namespace Favorited.Core.Analytics;

/// <summary>
/// What a live stream's earlier computations learned about its viewers: whom they asked about, and who is returning (seen in an
/// earlier stream of the same creator). That does not change while the stream runs, so each computation asks PostgreSQL only
/// about viewers it has not seen yet, instead of about every viewer of a long stream each time.
/// </summary>
public sealed class ReturningViewers
{
    private readonly Lock _sync = new();
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _returning = new(StringComparer.Ordinal);

    public string[] NotYetAsked(IEnumerable<string> viewers)
    {
        lock (_sync)
        {
            return [.. viewers.Where(viewer => !_asked.Contains(viewer))];
        }
    }

    /// <returns>Every returning viewer known after this answer.</returns>
    public IReadOnlySet<string> Learn(IEnumerable<string> asked, IReadOnlySet<string> returning)
    {
        lock (_sync)
        {
            _asked.UnionWith(asked);
            _returning.UnionWith(returning);
            return new HashSet<string>(_returning, StringComparer.Ordinal);
        }
    }
}
