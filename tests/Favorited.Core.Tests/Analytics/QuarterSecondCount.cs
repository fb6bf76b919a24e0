namespace Favorited.Core.Tests.Analytics;

/// <summary>The test's oracle: the definitions of §2 applied naively, one quarter second at a time, to the true intervals.</summary>
internal sealed class QuarterSecondCount
{
    private const int QuartersPerSecond = 4;
    private readonly AudienceCase _audience;
    private readonly int[] _viewers;
    private readonly int[] _hosts;

    public QuarterSecondCount(AudienceCase audience)
    {
        _audience = audience;
        var window = audience.WindowQuarters;
        _viewers = new int[window];
        _hosts = new int[window];
        foreach (var person in audience.People)
        {
            for (var q = 0; q < window; q++)
            {
                var role = RoleAt(person, q);
                _viewers[q] += role == false ? 1 : 0;
                _hosts[q] += role == true ? 1 : 0;
            }
        }
        (ViewersPeak, ViewersPeakAt) = Peak(_viewers);
        (HostsPeak, HostsPeakAt) = Peak(_hosts);
        ViewersAtLastQuarter = window == 0 ? 0 : _viewers[^1];
        WatchMs = _viewers.Sum() * AudienceCase.QuarterMs;
    }

    public int ViewersPeak { get; }

    public DateTime? ViewersPeakAt { get; }

    public int HostsPeak { get; }

    public DateTime? HostsPeakAt { get; }

    public int ViewersAtLastQuarter { get; }

    public long WatchMs { get; }

    public int[] ViewersMaxPerSecond() => PerSecond(_viewers, quarters => quarters.Max());

    public int[] ViewerMsPerSecond() => PerSecond(_viewers, quarters => (int)(quarters.Sum() * AudienceCase.QuarterMs));

    public int[] HostsMaxPerSecond() => PerSecond(_hosts, quarters => quarters.Max());

    public IEnumerable<int> PresentByMinute() =>
        Enumerable.Range(0, (_audience.WindowQuarters + 239) / 240).Select(minute => _viewers[minute * 240]);

    /// <summary>Per viewer, by user id: watch seconds, stage seconds, connected intervals within the window.</summary>
    public IEnumerable<(string, long, long, int)> Viewers() =>
        _audience.People
            .Select(p => (
                p.User,
                Quarters(p, false) * AudienceCase.QuarterMs / 1000,
                Quarters(p, true) * AudienceCase.QuarterMs / 1000,
                p.Intervals.Count(i => i.Start < _audience.WindowQuarters)))
            .Where(v => Quarters(_audience.People.Single(p => p.User == v.User), false) > 0)
            .Order();

    private long Quarters(History person, bool host) =>
        Enumerable.Range(0, _audience.WindowQuarters).Count(q => RoleAt(person, q) == host);

    /// <returns>True when on stage, false when watching, null when not connected at quarter <paramref name="q"/>.</returns>
    private static bool? RoleAt(History person, int q)
    {
        foreach (var interval in person.Intervals)
        {
            var at = interval.Start;
            foreach (var stage in interval.Stages)
            {
                if (at <= q && q < at + stage.Quarters)
                {
                    return stage.Host;
                }
                at += stage.Quarters;
            }
        }
        return null;
    }

    private int[] PerSecond(int[] counts, Func<IEnumerable<int>, int> aggregate) =>
        counts.Chunk(QuartersPerSecond).Select(quarters => aggregate(quarters)).ToArray();

    private (int, DateTime?) Peak(int[] counts)
    {
        var peak = counts.Length == 0 ? 0 : counts.Max();
        return peak == 0 ? (0, null) : (peak, AudienceInputs.At(Array.IndexOf(counts, peak) * AudienceCase.QuarterMs));
    }
}
