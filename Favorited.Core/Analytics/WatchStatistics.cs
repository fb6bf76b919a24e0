namespace Favorited.Core.Analytics;

/// <summary>The watch-time figures over the viewers' whole seconds.</summary>
internal static class WatchStatistics
{
    private static readonly (string Key, int Seconds)[] StayedPastThresholds = [("1m", 60), ("5m", 300), ("30m", 1_800)];

    /// <summary>Bin lower bounds; each bin ends where the next starts, and the last is open.</summary>
    private static readonly int[] BinStarts = [0, 60, 300, 900, 1_800, 3_600, 7_200];

    public static WatchSummary Summarise(long totalMs, long[] sortedWatchSeconds)
    {
        var totalSeconds = totalMs / 1000;
        var viewers = sortedWatchSeconds.Length;
        var stayedPast = new Dictionary<string, int>(StayedPastThresholds.Length);
        foreach (var (key, seconds) in StayedPastThresholds)
        {
            stayedPast[key] = viewers - LowerBound(sortedWatchSeconds, seconds);
        }
        return new WatchSummary(
            totalSeconds,
            Round2(totalSeconds / 60.0),
            viewers == 0 ? 0 : Round2((double)totalSeconds / viewers),
            Median(sortedWatchSeconds),
            stayedPast);
    }

    public static IReadOnlyList<WatchTimeBin> Distribution(long[] sortedWatchSeconds)
    {
        var bins = new WatchTimeBin[BinStarts.Length];
        for (var b = 0; b < BinStarts.Length; b++)
        {
            var last = b == BinStarts.Length - 1;
            var from = LowerBound(sortedWatchSeconds, BinStarts[b]);
            var to = last ? sortedWatchSeconds.Length : LowerBound(sortedWatchSeconds, BinStarts[b + 1]);
            bins[b] = new WatchTimeBin(BinStarts[b], last ? null : BinStarts[b + 1], to - from);
        }
        return bins;
    }

    public static double Round2(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static double Median(long[] sorted)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /// <summary>The index of the first value ≥ <paramref name="value"/>.</summary>
    private static int LowerBound(long[] sorted, long value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }
}
