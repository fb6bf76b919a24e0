namespace Favorited.Core.Analytics;

/// <summary>
/// Merges neighbouring buckets of a series: what an ended stream answers once only its 60-second series is kept. That series
/// is stored with exact means; the answer's are rounded as every series' are.
/// </summary>
public static class SeriesCoarsening
{
    /// <param name="factor">How many buckets make one.</param>
    /// <param name="duration">The stream's length: the last bucket of each series may be shorter, and means weigh by length.</param>
    public static AudienceSeries Coarsen(AudienceSeries series, int factor, TimeSpan duration)
    {
        factor = Math.Max(1, factor);
        var count = (series.ViewersMax.Length + factor - 1) / factor;
        var viewersMax = new int[count];
        var viewersAvg = new double[count];
        var hostsMax = new int[count];
        for (var bucket = 0; bucket < count; bucket++)
        {
            double viewerSeconds = 0, seconds = 0;
            for (var i = bucket * factor; i < Math.Min(series.ViewersMax.Length, (bucket + 1) * factor); i++)
            {
                viewersMax[bucket] = Math.Max(viewersMax[bucket], series.ViewersMax[i]);
                hostsMax[bucket] = Math.Max(hostsMax[bucket], series.HostsMax[i]);
                var length = BucketSeconds(series.Resolution, i, duration);
                viewerSeconds += series.ViewersAvg[i] * length;
                seconds += length;
            }
            viewersAvg[bucket] = seconds > 0 ? WatchStatistics.Round2(viewerSeconds / seconds) : 0;
        }
        return new AudienceSeries(series.Resolution * factor, viewersMax, viewersAvg, hostsMax);
    }

    private static double BucketSeconds(int resolution, int index, TimeSpan duration) =>
        Math.Clamp(duration.TotalSeconds - (double)index * resolution, 0, resolution);
}
