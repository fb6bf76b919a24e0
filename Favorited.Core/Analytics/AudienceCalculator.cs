namespace Favorited.Core.Analytics;

/// <summary>Turns a stream's spans into its figures (docs/design/analytics.md §2). Pure: no clock, no I/O.</summary>
public static class AudienceCalculator
{
    public static AudienceFigures Calculate(AudienceInput input)
    {
        var window = new AudienceWindow(input.StartedAt, input.AsOf);
        var identities = IdentitySpans.Group(input.Spans, window);
        var presence = AudiencePresence.Resolve(identities);
        var sweep = ConcurrencySweep.Run(presence, window);
        var viewerList = ViewerListing.List(identities, presence, input);

        var sortedWatchSeconds = new long[viewerList.Count];
        var totalWatchMs = 0L;
        var returning = 0;
        for (var identity = 0; identity < presence.Count; identity++)
        {
            totalWatchMs += presence.WatchMs[identity];
        }
        for (var i = 0; i < viewerList.Count; i++)
        {
            // The list is by watch time descending.
            sortedWatchSeconds[viewerList.Count - 1 - i] = viewerList[i].WatchSeconds;
            returning += viewerList[i].Returning ? 1 : 0;
        }

        var unique = viewerList.Count;
        return new AudienceFigures(
            input.StartedAt,
            input.AsOf,
            new ViewerSummary(
                input.Live ? sweep.ViewersAtEnd : 0,
                sweep.ViewersPeak,
                sweep.ViewersPeakAtMs < 0 ? null : window.Time(sweep.ViewersPeakAtMs),
                unique,
                unique - returning,
                returning),
            new HostSummary(sweep.HostsPeak, sweep.HostsPeakAtMs < 0 ? null : window.Time(sweep.HostsPeakAtMs)),
            WatchStatistics.Summarise(totalWatchMs, sortedWatchSeconds),
            Chat(input.ChatMessagesByUser),
            WatchStatistics.Distribution(sortedWatchSeconds),
            RetentionCounter.Count(presence, window),
            sweep.PerSecond,
            viewerList);
    }

    /// <summary>Downsamples the per-second series to <paramref name="resolutionSeconds"/> (≥ 1).</summary>
    public static AudienceSeries Series(PerSecondSeries perSecond, int resolutionSeconds) =>
        SeriesDownsampling.Downsample(perSecond, resolutionSeconds);

    private static ChatSummary Chat(IReadOnlyDictionary<string, int> messagesByUser)
    {
        int messages = 0, chatters = 0;
        foreach (var (_, count) in messagesByUser)
        {
            if (count > 0)
            {
                messages += count;
                chatters++;
            }
        }
        return new ChatSummary(messages, chatters);
    }
}
