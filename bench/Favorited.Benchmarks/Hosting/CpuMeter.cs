using System.Diagnostics;

namespace Favorited.Benchmarks.Hosting;

/// <summary>
/// Where the machine's CPU went during a phase: each of our processes, the load generator (this process), and everything
/// else on the machine, in percent of one core. On a shared machine the last column says how noisy a figure is.
/// </summary>
public sealed class CpuMeter
{
    private readonly IReadOnlyList<(string Name, Func<double> Seconds)> _sources;
    private double[] _startSeconds = [];
    private double _startMachine;
    private long _startTime;

    public CpuMeter(IReadOnlyList<(string Name, Func<double> Seconds)> sources)
    {
        _sources = sources;
    }

    public void Start()
    {
        _startSeconds = [.. _sources.Select(s => s.Seconds())];
        _startMachine = ProcessMetrics.MachineBusySeconds();
        _startTime = Stopwatch.GetTimestamp();
    }

    /// <returns>Percent of one core per source since <see cref="Start"/>, then "others" (the rest of the machine).</returns>
    public IReadOnlyDictionary<string, double> Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startTime).TotalSeconds;
        var shares = new Dictionary<string, double>();
        if (wall < 0.5)
        {
            return shares; // too short for /proc's 10 ms ticks to mean anything
        }
        var ours = 0.0;
        for (var i = 0; i < _sources.Count; i++)
        {
            var used = Math.Max(0, _sources[i].Seconds() - _startSeconds[i]);
            ours += used;
            shares[_sources[i].Name] = Math.Round(100 * used / wall);
        }
        var machine = ProcessMetrics.MachineBusySeconds() - _startMachine;
        shares["others"] = Math.Round(Math.Max(0, 100 * (machine - ours) / wall));
        return shares;
    }

    public static string Describe(IReadOnlyDictionary<string, double> shares) =>
        string.Join(", ", shares.Select(s => $"{s.Key} {s.Value:0}%"));
}
