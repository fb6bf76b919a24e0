namespace Favorited.Core.Analytics;

/// <summary>The per-second series in buckets of r seconds: max of the maxes, and the time-weighted mean.</summary>
internal static class SeriesDownsampling
{
    public static AudienceSeries Downsample(PerSecondSeries perSecond, int resolutionSeconds, bool rounded = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolutionSeconds, 1);
        var seconds = perSecond.Length;
        var buckets = (int)(((long)seconds + resolutionSeconds - 1) / resolutionSeconds);
        var viewersMax = new int[buckets];
        var viewersAvg = new double[buckets];
        var hostsMax = new int[buckets];

        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var from = bucket * resolutionSeconds;
            var to = (int)Math.Min((long)from + resolutionSeconds, seconds);
            int mostViewers = 0, mostHosts = 0;
            var viewerMs = 0L;
            for (var second = from; second < to; second++)
            {
                mostViewers = Math.Max(mostViewers, perSecond.ViewersMax[second]);
                mostHosts = Math.Max(mostHosts, perSecond.HostsMax[second]);
                viewerMs += perSecond.ViewerMilliseconds[second];
            }
            var lengthMs = (to - from) * 1000L - (to == seconds ? 1000 - perSecond.LastSecondMilliseconds : 0);
            viewersMax[bucket] = mostViewers;
            var mean = lengthMs <= 0 ? 0 : (double)viewerMs / lengthMs;
            viewersAvg[bucket] = rounded ? WatchStatistics.Round2(mean) : mean;
            hostsMax[bucket] = mostHosts;
        }
        return new AudienceSeries(resolutionSeconds, viewersMax, viewersAvg, hostsMax);
    }
}
