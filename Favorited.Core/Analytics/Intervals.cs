namespace Favorited.Core.Analytics;

/// <summary>Operations on half-open intervals held as parallel start and end arrays.</summary>
internal static class Intervals
{
    private const int InsertionSortLimit = 16;

    /// <summary>
    /// Sorts <c>[index, index + length)</c> by start and merges intervals that overlap (<c>next.start &lt; end</c>) in place.
    /// Touching intervals stay apart: a drop and reconnect is two intervals.
    /// </summary>
    /// <returns>The number of merged intervals, now at <c>[index, index + result)</c>, sorted and disjoint.</returns>
    public static int SortAndMerge(long[] starts, long[] ends, int index, int length)
    {
        if (length <= 1)
        {
            return length;
        }

        SortByStart(starts, ends, index, length);
        var last = index;
        for (var i = index + 1; i < index + length; i++)
        {
            if (starts[i] < ends[last])
            {
                ends[last] = Math.Max(ends[last], ends[i]);
            }
            else
            {
                last++;
                starts[last] = starts[i];
                ends[last] = ends[i];
            }
        }
        return last - index + 1;
    }

    /// <summary>Sorts by start; most ranges are an identity's two or three spans, where an insertion sort is quickest.</summary>
    public static void SortByStart(long[] starts, long[] ends, int index, int length)
    {
        if (length > InsertionSortLimit)
        {
            Array.Sort(starts, ends, index, length);
            return;
        }
        for (var i = index + 1; i < index + length; i++)
        {
            var (start, end) = (starts[i], ends[i]);
            var j = i - 1;
            for (; j >= index && starts[j] > start; j--)
            {
                starts[j + 1] = starts[j];
                ends[j + 1] = ends[j];
            }
            starts[j + 1] = start;
            ends[j + 1] = end;
        }
    }

    /// <summary>
    /// Writes the parts of the sorted, disjoint intervals <paramref name="kept"/> not covered by the sorted, disjoint
    /// <paramref name="removed"/>, starting at <paramref name="outputIndex"/>.
    /// </summary>
    /// <returns>The number of intervals written.</returns>
    public static int Subtract(
        ReadOnlySpan<long> keptStarts, ReadOnlySpan<long> keptEnds,
        ReadOnlySpan<long> removedStarts, ReadOnlySpan<long> removedEnds,
        long[] outputStarts, long[] outputEnds, int outputIndex)
    {
        var written = 0;
        var r = 0;
        for (var k = 0; k < keptStarts.Length; k++)
        {
            var from = keptStarts[k];
            var to = keptEnds[k];
            while (r < removedStarts.Length && removedEnds[r] <= from)
            {
                r++;
            }
            for (var q = r; q < removedStarts.Length && removedStarts[q] < to; q++)
            {
                if (removedStarts[q] > from)
                {
                    outputStarts[outputIndex + written] = from;
                    outputEnds[outputIndex + written] = removedStarts[q];
                    written++;
                }
                from = Math.Max(from, removedEnds[q]);
            }
            if (from < to)
            {
                outputStarts[outputIndex + written] = from;
                outputEnds[outputIndex + written] = to;
                written++;
            }
        }
        return written;
    }

    public static long TotalLength(ReadOnlySpan<long> starts, ReadOnlySpan<long> ends)
    {
        var total = 0L;
        for (var i = 0; i < starts.Length; i++)
        {
            total += ends[i] - starts[i];
        }
        return total;
    }
}
