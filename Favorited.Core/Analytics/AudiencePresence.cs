namespace Favorited.Core.Analytics;

/// <summary>
/// Who counted as what, and when, per identity: at an instant an identity is a host if any of its host spans covers
/// it, otherwise a viewer if any of its viewer spans does.
/// </summary>
internal sealed class AudiencePresence
{
    private AudiencePresence(int count, long[] watchMs, long[] stageMs, int[] connectedIntervals,
        int[] watchingGroupStarts, long[] watchingStarts, long[] watchingEnds, int onStageCount, long[] onStageStarts, long[] onStageEnds)
    {
        Count = count;
        WatchMs = watchMs;
        StageMs = stageMs;
        ConnectedIntervals = connectedIntervals;
        WatchingGroupStarts = watchingGroupStarts;
        WatchingStarts = watchingStarts;
        WatchingEnds = watchingEnds;
        OnStageCount = onStageCount;
        OnStageStarts = onStageStarts;
        OnStageEnds = onStageEnds;
    }

    public int Count { get; }

    /// <summary>Time counted as a viewer: the merged viewer spans less the merged host spans.</summary>
    public long[] WatchMs { get; }

    /// <summary>Time covered by the merged host spans.</summary>
    public long[] StageMs { get; }

    /// <summary>Merged connected intervals in any role; a session's spans form one interval.</summary>
    public int[] ConnectedIntervals { get; }

    /// <summary>Identity i's watching intervals are <c>[WatchingGroupStarts[i], WatchingGroupStarts[i + 1])</c>, sorted and disjoint.</summary>
    public int[] WatchingGroupStarts { get; }

    public long[] WatchingStarts { get; }

    public long[] WatchingEnds { get; }

    /// <summary>Every identity's merged host spans, identity by identity.</summary>
    public int OnStageCount { get; }

    public long[] OnStageStarts { get; }

    public long[] OnStageEnds { get; }

    public bool IsViewer(int identity) => WatchMs[identity] > 0;

    public ReadOnlySpan<long> WatchingStartsOf(int identity) =>
        WatchingStarts.AsSpan(WatchingGroupStarts[identity], WatchingGroupStarts[identity + 1] - WatchingGroupStarts[identity]);

    public ReadOnlySpan<long> WatchingEndsOf(int identity) =>
        WatchingEnds.AsSpan(WatchingGroupStarts[identity], WatchingGroupStarts[identity + 1] - WatchingGroupStarts[identity]);

    /// <summary>Merges the spans in place (<paramref name="spans"/> is spent afterwards).</summary>
    public static AudiencePresence Resolve(IdentitySpans spans, ScratchArrays scratch)
    {
        var count = spans.Count;
        var groups = spans.GroupStarts;
        var hostSpans = 0;
        for (var identity = 0; identity < count; identity++)
        {
            hostSpans += groups[IdentitySpans.HostGroup(identity) + 1] - groups[IdentitySpans.HostGroup(identity)];
        }

        var watchMs = new long[count];
        var stageMs = new long[count];
        var connectedIntervals = new int[count];
        var watchingGroupStarts = scratch.RentCleared<int>(count + 1);
        var watchingStarts = scratch.Rent<long>(spans.SpanCount);
        var watchingEnds = scratch.Rent<long>(spans.SpanCount);
        var onStageStarts = new long[hostSpans];
        var onStageEnds = new long[hostSpans];
        var sessionIntervals = new SessionIntervals();
        var watching = 0;
        var onStage = 0;

        for (var identity = 0; identity < count; identity++)
        {
            var viewerFrom = groups[IdentitySpans.ViewerGroup(identity)];
            var hostFrom = groups[IdentitySpans.HostGroup(identity)];
            var hostTo = groups[IdentitySpans.HostGroup(identity) + 1];

            // Before the merges below reorder the starts and ends.
            connectedIntervals[identity] = sessionIntervals.Count(
                spans.SessionIds.AsSpan(viewerFrom, hostTo - viewerFrom),
                spans.Starts.AsSpan(viewerFrom, hostTo - viewerFrom),
                spans.Ends.AsSpan(viewerFrom, hostTo - viewerFrom));

            var viewerCount = Intervals.SortAndMerge(spans.Starts, spans.Ends, viewerFrom, hostFrom - viewerFrom);
            var hostCount = Intervals.SortAndMerge(spans.Starts, spans.Ends, hostFrom, hostTo - hostFrom);

            var hostStarts = spans.Starts.AsSpan(hostFrom, hostCount);
            var hostEnds = spans.Ends.AsSpan(hostFrom, hostCount);
            hostStarts.CopyTo(onStageStarts.AsSpan(onStage));
            hostEnds.CopyTo(onStageEnds.AsSpan(onStage));
            onStage += hostCount;
            stageMs[identity] = Intervals.TotalLength(hostStarts, hostEnds);

            var written = Intervals.Subtract(
                spans.Starts.AsSpan(viewerFrom, viewerCount), spans.Ends.AsSpan(viewerFrom, viewerCount),
                hostStarts, hostEnds, watchingStarts, watchingEnds, watching);
            watchMs[identity] = Intervals.TotalLength(watchingStarts.AsSpan(watching, written), watchingEnds.AsSpan(watching, written));
            watching += written;
            watchingGroupStarts[identity + 1] = watching;
        }

        return new AudiencePresence(count, watchMs, stageMs, connectedIntervals,
            watchingGroupStarts, watchingStarts, watchingEnds, onStage, onStageStarts, onStageEnds);
    }
}
