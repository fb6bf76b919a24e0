using Favorited.Core.Analytics;

namespace Favorited.Core.Tests.Analytics;

/// <summary>The 60-second series an ended stream keeps, and the coarser ones made from it once its per-second series is gone.</summary>
public sealed class StoredSeriesTests
{
    [Fact]
    public void ASeriesReadBackFromItsBytesIsTheSame()
    {
        var series = new AudienceSeries(60, [4, 5, int.MaxValue], [2.17, 4.67, 0.01], [1, 2, 0]);

        var read = SeriesBytes.Read(SeriesBytes.Write(series));

        Assert.Equal((60, series.ViewersMax, series.ViewersAvg, series.HostsMax), (read.Resolution, read.ViewersMax, read.ViewersAvg, read.HostsMax));
    }

    [Fact]
    public void BytesOfTheWrongLengthAreRefused()
    {
        var bytes = SeriesBytes.Write(new AudienceSeries(60, [1, 2], [1, 2], [0, 0]));

        Assert.Throws<InvalidDataException>(() => SeriesBytes.Read(bytes.AsSpan(0, bytes.Length - 1)));
    }

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
    public void CoarseningByOneChangesNothing()
    {
        var perMinute = new AudienceSeries(60, [4], [2], [1]);

        Assert.Same(perMinute, SeriesCoarsening.Coarsen(perMinute, 1, TimeSpan.FromSeconds(60)));
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
