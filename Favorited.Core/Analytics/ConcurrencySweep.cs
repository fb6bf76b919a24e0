namespace Favorited.Core.Analytics;

/// <summary>The step functions v(t) and h(t), swept once in time order into the per-second series and the peaks.</summary>
internal sealed class ConcurrencySweep
{
    // An event is (time << 2) | kind. Sorting the longs orders by time, and at equal times ends before starts,
    // so touching spans make no zero-length spike or dip.
    private const long ViewerEnd = 0;
    private const long HostEnd = 1;
    private const long ViewerStart = 2;
    private const long HostStart = 3;

    private ConcurrencySweep(PerSecondSeries perSecond, int viewersPeak, long viewersPeakAtMs, int hostsPeak, long hostsPeakAtMs, int viewersAtEnd)
    {
        PerSecond = perSecond;
        ViewersPeak = viewersPeak;
        ViewersPeakAtMs = viewersPeakAtMs;
        HostsPeak = hostsPeak;
        HostsPeakAtMs = hostsPeakAtMs;
        ViewersAtEnd = viewersAtEnd;
    }

    public PerSecondSeries PerSecond { get; }

    public int ViewersPeak { get; }

    /// <summary>The first instant of the peak; -1 when nobody ever watched.</summary>
    public long ViewersPeakAtMs { get; }

    public int HostsPeak { get; }

    public long HostsPeakAtMs { get; }

    /// <summary>Viewers in the last instant of the window: those whose spans were still open at as-of.</summary>
    public int ViewersAtEnd { get; }

    public static ConcurrencySweep Run(AudiencePresence presence, AudienceWindow window, ScratchArrays scratch)
    {
        var seconds = window.Seconds;
        var (events, secondStarts) = EventsBySecond(presence, window, scratch);

        var viewersMax = new int[seconds];
        var viewerMs = new int[seconds];
        var hostsMax = new int[seconds];
        int viewers = 0, hosts = 0, viewersPeak = 0, hostsPeak = 0;
        long viewersPeakAt = -1, hostsPeakAt = -1;

        for (var second = 0; second < seconds; second++)
        {
            var secondStart = second * 1000L;
            var secondEnd = Math.Min(secondStart + 1000, window.DurationMs);
            // A count holds from one event's time to the next; only stretches of non-zero length count for the max,
            // so the count just before an event at the second's start does not.
            int mostViewers = 0, mostHosts = 0;
            var integral = 0L;
            var previous = secondStart;
            for (var e = secondStarts[second]; e < secondStarts[second + 1]; e++)
            {
                var time = events[e] >> 2;
                if (time > previous)
                {
                    mostViewers = Math.Max(mostViewers, viewers);
                    mostHosts = Math.Max(mostHosts, hosts);
                    integral += viewers * (time - previous);
                    previous = time;
                }
                switch (events[e] & 3)
                {
                    case ViewerEnd:
                        viewers--;
                        break;
                    case HostEnd:
                        hosts--;
                        break;
                    case ViewerStart:
                        viewers++;
                        if (viewers > viewersPeak)
                        {
                            viewersPeak = viewers;
                            viewersPeakAt = time;
                        }
                        break;
                    default:
                        hosts++;
                        if (hosts > hostsPeak)
                        {
                            hostsPeak = hosts;
                            hostsPeakAt = time;
                        }
                        break;
                }
            }
            mostViewers = Math.Max(mostViewers, viewers);
            mostHosts = Math.Max(mostHosts, hosts);
            integral += viewers * (secondEnd - previous);
            viewersMax[second] = mostViewers;
            viewerMs[second] = checked((int)integral);
            hostsMax[second] = mostHosts;
        }

        var lastSecondMs = seconds == 0 ? 0 : (int)(window.DurationMs - (seconds - 1) * 1000L);
        return new ConcurrencySweep(new PerSecondSeries(viewersMax, viewerMs, hostsMax, lastSecondMs),
            viewersPeak, viewersPeakAt, hostsPeak, hostsPeakAt, viewers);
    }

    /// <summary>
    /// Every start and end before the window's end, bucketed by second and sorted within each.
    /// Ends at the window's end are left out: whoever is still counted then is the end's audience.
    /// </summary>
    private static (long[] Events, int[] SecondStarts) EventsBySecond(AudiencePresence presence, AudienceWindow window, ScratchArrays scratch)
    {
        var seconds = window.Seconds;
        var secondStarts = scratch.RentCleared<int>(seconds + 1);
        var watchingCount = presence.WatchingGroupStarts[presence.Count];
        var end = window.DurationMs;

        CountPerSecond(presence.WatchingStarts, presence.WatchingEnds, watchingCount, end, secondStarts);
        CountPerSecond(presence.OnStageStarts, presence.OnStageEnds, presence.OnStageCount, end, secondStarts);
        for (var second = 0; second < seconds; second++)
        {
            secondStarts[second + 1] += secondStarts[second];
        }

        var events = scratch.Rent<long>(secondStarts[seconds]);
        var next = scratch.Rent<int>(seconds);
        secondStarts.AsSpan(0, seconds).CopyTo(next);
        Place(presence.WatchingStarts, presence.WatchingEnds, watchingCount, end, ViewerStart, ViewerEnd, events, next);
        Place(presence.OnStageStarts, presence.OnStageEnds, presence.OnStageCount, end, HostStart, HostEnd, events, next);
        for (var second = 0; second < seconds; second++)
        {
            SortFew(events, secondStarts[second], secondStarts[second + 1]);
        }
        return (events, secondStarts);
    }

    /// <summary>Sorts <c>[from, to)</c>: a second holds a handful of events, where an insertion sort is quickest.</summary>
    private static void SortFew(long[] events, int from, int to)
    {
        if (to - from > 16)
        {
            Array.Sort(events, from, to - from);
            return;
        }
        for (var i = from + 1; i < to; i++)
        {
            var value = events[i];
            var j = i - 1;
            for (; j >= from && events[j] > value; j--)
            {
                events[j + 1] = events[j];
            }
            events[j + 1] = value;
        }
    }

    private static void CountPerSecond(long[] starts, long[] ends, int count, long windowEnd, int[] secondStarts)
    {
        for (var i = 0; i < count; i++)
        {
            secondStarts[starts[i] / 1000 + 1]++;
            if (ends[i] < windowEnd)
            {
                secondStarts[ends[i] / 1000 + 1]++;
            }
        }
    }

    private static void Place(long[] starts, long[] ends, int count, long windowEnd, long startKind, long endKind, long[] events, int[] next)
    {
        for (var i = 0; i < count; i++)
        {
            events[next[starts[i] / 1000]++] = starts[i] << 2 | startKind;
            if (ends[i] < windowEnd)
            {
                events[next[ends[i] / 1000]++] = ends[i] << 2 | endKind;
            }
        }
    }
}
