using Favorited.Core.Analytics;

namespace Favorited.Core.Tests.Analytics;

/// <summary>The coarser series made from the 60-second one an ended stream keeps once its per-second series is gone.</summary>
public sealed class StoredSeriesTests
{
    [Fact]
    public void CoarseningKeepsThePeakAndWeighsMeansByHowLongEachBucketLasted()
    {
        // 150 s of stream at 60 s: two full minutes and a last bucket of 30 s.
        var perMinute = new AudienceSeries(60, [4, 5, 9], [2, 4, 8], [1, 2, 1]);

        var coarse = SeriesCoarsening.Coarsen(perMinute, 2, TimeSpan.FromSeconds(150));

        Assert.Equal(120, coarse.Resolution);
        Assert.Equal([5, 9], coarse.ViewersMax);
        Assert.Equal([2, 1], coarse.HostsMax);
        Assert.Equal([3, 8], coarse.ViewersAvg);
    }

    [Fact]
    public void CoarseningByOneOnlyRoundsTheStoredExactMeans()
    {
        var perMinute = new AudienceSeries(60, [4, 3], [2.166666, 4.666666], [1, 0]);

        var answered = SeriesCoarsening.Coarsen(perMinute, 1, TimeSpan.FromSeconds(120));

        Assert.Equal((60, new[] { 4, 3 }, new[] { 2.17, 4.67 }), (answered.Resolution, answered.ViewersMax, answered.ViewersAvg));
    }

    [Fact]
    public void AnUnevenLastGroupIsMeanOverItsOwnLength()
    {
        // 200 s at 60 s (60, 60, 60, 20); by three: [0,180) and [180,200).
        var perMinute = new AudienceSeries(60, [1, 2, 3, 7], [1, 2, 3, 6], [0, 0, 0, 1]);

        var coarse = SeriesCoarsening.Coarsen(perMinute, 3, TimeSpan.FromSeconds(200));

        Assert.Equal([3, 7], coarse.ViewersMax);
        Assert.Equal([2, 6], coarse.ViewersAvg);
    }
}
