namespace Favorited.Core.Analytics;

/// <summary>
/// The watch-time figures over the viewers' whole seconds, from a count of viewers per watch second (no sort: watch
/// time never exceeds the window).
/// </summary>
internal sealed class WatchStatistics
{
    private static readonly (string Key, int Seconds)[] StayedPastThresholds = [("1m", 60), ("5m", 300), ("30m", 1_800)];

    /// <summary>Bin lower bounds; each bin ends where the next starts, and the last is open.</summary>
    private static readonly int[] BinStarts = [0, 60, 300, 900, 1_800, 3_600, 7_200];

    // _viewersBelow[s] = viewers who watched fewer than s whole seconds, for s = 0 … _longest + 1.
    private readonly int[] _viewersBelow;
    private readonly int _longest;
    private readonly int _viewers;

    public WatchStatistics(IEnumerable<long> watchSeconds, int longestPossible, ScratchArrays scratch)
    {
        _longest = longestPossible;
        _viewersBelow = scratch.RentCleared<int>(longestPossible + 2);
        foreach (var seconds in watchSeconds)
        {
            _viewersBelow[Math.Min(seconds, longestPossible) + 1]++;
            _viewers++;
        }
        for (var s = 0; s <= longestPossible; s++)
        {
            _viewersBelow[s + 1] += _viewersBelow[s];
        }
    }

    public WatchSummary Summary(long totalMs)
    {
        var totalSeconds = totalMs / 1000;
        var stayedPast = new Dictionary<string, int>(StayedPastThresholds.Length);
        foreach (var (key, seconds) in StayedPastThresholds)
        {
            stayedPast[key] = _viewers - ViewersBelow(seconds);
        }
        return new WatchSummary(
            totalSeconds,
            Round2(totalSeconds / 60.0),
            _viewers == 0 ? 0 : Round2((double)totalSeconds / _viewers),
            Median(),
            stayedPast);
    }

    public IReadOnlyList<WatchTimeBin> Distribution()
    {
        var bins = new WatchTimeBin[BinStarts.Length];
        for (var b = 0; b < BinStarts.Length; b++)
        {
            var last = b == BinStarts.Length - 1;
            var upTo = last ? _viewers : ViewersBelow(BinStarts[b + 1]);
            bins[b] = new WatchTimeBin(BinStarts[b], last ? null : BinStarts[b + 1], upTo - ViewersBelow(BinStarts[b]));
        }
        return bins;
    }

    public static double Round2(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private int ViewersBelow(int seconds) => _viewersBelow[Math.Min(seconds, _longest + 1)];

    private double Median()
    {
        if (_viewers == 0)
        {
            return 0;
        }
        var middle = _viewers / 2;
        return _viewers % 2 == 1 ? ValueAt(middle) : (ValueAt(middle - 1) + ValueAt(middle)) / 2.0;
    }

    /// <summary>The watch seconds at <paramref name="index"/> of the viewers sorted by watch time.</summary>
    private long ValueAt(int index)
    {
        int low = 0, high = _longest;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_viewersBelow[middle + 1] > index)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }
}
