namespace Favorited.Core.Analytics;

/// <summary>Turns a stream's spans into its figures (docs/design/analytics.md §2). Pure: no clock, no I/O.</summary>
public static class AudienceCalculator
{
    public static AudienceFigures Calculate(AudienceInput input)
    {
        using var scratch = new ScratchArrays();
        var window = new AudienceWindow(input.StartedAt, input.AsOf);
        var identities = IdentitySpans.Group(input.Spans, window, scratch);
        var presence = AudiencePresence.Resolve(identities, scratch);
        var sweep = ConcurrencySweep.Run(presence, window, scratch);
        var viewerList = ViewerListing.List(identities, presence, input);

        var unique = viewerList.Count;
        var returning = viewerList.ReturningCount;
        var watchTimes = new WatchStatistics(viewerList.WatchSeconds(), window.Seconds, scratch);
        var totalWatchMs = 0L;
        foreach (var watchMs in presence.WatchMs)
        {
            totalWatchMs += watchMs;
        }

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
            watchTimes.Summary(totalWatchMs),
            Chat(input.ChatMessagesByUser),
            watchTimes.Distribution(),
            RetentionCounter.Count(presence, window),
            sweep.PerSecond,
            viewerList);
    }

    /// <summary>Downsamples the per-second series to <paramref name="resolutionSeconds"/> (≥ 1).</summary>
    /// <param name="rounded">
    /// False keeps each mean exact: for a series that is stored and later merged into coarser buckets, whose means must not
    /// carry the rounding of the finer ones.
    /// </param>
    public static AudienceSeries Series(PerSecondSeries perSecond, int resolutionSeconds, bool rounded = true) =>
        SeriesDownsampling.Downsample(perSecond, resolutionSeconds, rounded);

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
