namespace Favorited.Core.Analytics;

/// <summary>
/// Retention from each viewer's integer ranges of minute marks, with difference arrays: O(intervals × offsets), never
/// minutes × viewers.
/// </summary>
internal static class RetentionCounter
{
    public static readonly IReadOnlyList<int> OffsetsMinutes = [1, 5, 10, 30];

    private const long MinuteMs = 60_000;

    public static RetentionFigures Count(AudiencePresence presence, AudienceWindow window)
    {
        var minutes = window.Minutes;
        var present = new int[minutes + 1];
        var retained = new int[OffsetsMinutes.Count][];
        for (var k = 0; k < retained.Length; k++)
        {
            retained[k] = new int[minutes + 1];
        }

        var runFirsts = new List<int>();
        var runLasts = new List<int>();
        for (var identity = 0; identity < presence.Count; identity++)
        {
            if (!presence.IsViewer(identity))
            {
                continue;
            }
            MinuteRuns(presence.WatchingStartsOf(identity), presence.WatchingEndsOf(identity), runFirsts, runLasts);
            for (var r = 0; r < runFirsts.Count; r++)
            {
                present[runFirsts[r]]++;
                present[runLasts[r] + 1]--;
            }
            for (var k = 0; k < retained.Length; k++)
            {
                AddPresentAtBoth(runFirsts, runLasts, OffsetsMinutes[k], retained[k]);
            }
        }

        var rows = new RetentionRow[minutes];
        var presentNow = 0;
        var retainedNow = new int[retained.Length];
        for (var minute = 0; minute < minutes; minute++)
        {
            presentNow += present[minute];
            var cells = new int?[retained.Length];
            for (var k = 0; k < retained.Length; k++)
            {
                retainedNow[k] += retained[k][minute];
                cells[k] = (minute + OffsetsMinutes[k]) * MinuteMs < window.DurationMs ? retainedNow[k] : null;
            }
            rows[minute] = new RetentionRow(minute, presentNow, cells);
        }
        return new RetentionFigures(OffsetsMinutes, rows);
    }

    /// <summary>The minute marks N (N·60 s) the intervals cover, as maximal runs of consecutive N.</summary>
    private static void MinuteRuns(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends, List<int> firsts, List<int> lasts)
    {
        firsts.Clear();
        lasts.Clear();
        for (var i = 0; i < starts.Length; i++)
        {
            var first = (int)((starts[i] + MinuteMs - 1) / MinuteMs);
            var last = (int)((ends[i] - 1) / MinuteMs);
            if (first > last)
            {
                continue;
            }
            if (lasts.Count > 0 && lasts[^1] + 1 >= first)
            {
                lasts[^1] = Math.Max(lasts[^1], last);
            }
            else
            {
                firsts.Add(first);
                lasts.Add(last);
            }
        }
    }

    /// <summary>Adds 1 for every N with N and N + k both in the runs: the runs intersected with themselves shifted by k.</summary>
    private static void AddPresentAtBoth(List<int> firsts, List<int> lasts, int k, int[] difference)
    {
        var a = 0;
        var b = 0;
        while (a < firsts.Count && b < firsts.Count)
        {
            var from = Math.Max(firsts[a], firsts[b] - k);
            var to = Math.Min(lasts[a], lasts[b] - k);
            if (from <= to)
            {
                difference[from]++;
                difference[to + 1]--;
            }
            if (lasts[a] < lasts[b] - k)
            {
                a++;
            }
            else
            {
                b++;
            }
        }
    }
}
