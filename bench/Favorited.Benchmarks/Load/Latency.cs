using System.Diagnostics;

namespace Favorited.Benchmarks.Load;

/// <summary>Percentiles of latencies, exact (every sample is kept and sorted; the runs are bounded).</summary>
public sealed record Latency(long Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static readonly Latency None = new(0, double.NaN, double.NaN, double.NaN);

    /// <param name="samples">Durations in <see cref="Stopwatch"/> ticks.</param>
    public static Latency Of(IEnumerable<long> samples)
    {
        var sorted = samples.ToArray();
        if (sorted.Length == 0)
        {
            return None;
        }
        Array.Sort(sorted);
        return new Latency(sorted.Length, Milliseconds(At(sorted, 0.50)), Milliseconds(At(sorted, 0.99)), Milliseconds(sorted[^1]));
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    // Nearest rank: the smallest sample with at least that share of samples at or below it.
    private static long At(long[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
