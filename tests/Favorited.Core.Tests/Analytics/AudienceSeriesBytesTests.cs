using System.Buffers.Binary;
using Favorited.Core.Analytics;
using Favorited.Testing.Analytics;

namespace Favorited.Core.Tests.Analytics;

/// <summary>The per-second and bucketed series survive their bytes (the snapshot's <c>per_second</c> and <c>per_minute</c>).</summary>
public sealed class AudienceCalculatorSeriesBytesTests
{
    private readonly PerSecondSeries _perSecond = AudienceCalculator.Calculate(AudienceScenarioSessions.Ended()).PerSecond;

    [Fact]
    public void ThePerSecondSeriesRoundTripsAt12BytesASecond()
    {
        var bytes = _perSecond.ToBytes();
        var back = PerSecondSeries.FromBytes(bytes);

        Assert.Equal(12 + 12 * 600, bytes.Length);
        Assert.Equal(_perSecond.ViewersMax, back.ViewersMax);
        Assert.Equal(_perSecond.ViewerMilliseconds, back.ViewerMilliseconds);
        Assert.Equal(_perSecond.HostsMax, back.HostsMax);
        Assert.Equal(_perSecond.LastSecondMilliseconds, back.LastSecondMilliseconds);
    }

    [Fact]
    public void TheBytesAreLittleEndianInt32AfterAHeader()
    {
        var bytes = _perSecond.ToBytes();

        Assert.Equal([1, 600, 1000], [.. Enumerable.Range(0, 3).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i)))]);
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12 + 4 * 60)));
        Assert.Equal(5000, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12 + 4 * 600 + 4 * 60)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12 + 8 * 600 + 4 * 120)));
    }

    [Fact]
    public void APartialLastSecondAndAnEmptySeriesRoundTrip()
    {
        var partial = new PerSecondSeries([3, 1], [2_500, 125], [1, 0], 250);
        var empty = new PerSecondSeries([], [], [], 0);

        var partialBack = PerSecondSeries.FromBytes(partial.ToBytes());
        var emptyBack = PerSecondSeries.FromBytes(empty.ToBytes());

        Assert.Equal(partial.ViewersMax, partialBack.ViewersMax);
        Assert.Equal(partial.ViewerMilliseconds, partialBack.ViewerMilliseconds);
        Assert.Equal(partial.HostsMax, partialBack.HostsMax);
        Assert.Equal(250, partialBack.LastSecondMilliseconds);
        Assert.Equal([2.1], AudienceCalculator.Series(partialBack, 10).ViewersAvg); // 2,625 viewer-ms over 1.25 s
        Assert.Equal(0, emptyBack.Length);
    }

    [Fact]
    public void TheMinuteSeriesRoundTripsAndEqualsTheOneMadeFromSeconds()
    {
        var perMinute = AudienceCalculator.Series(_perSecond, 60);

        var back = AudienceSeries.FromBytes(perMinute.ToBytes());

        Assert.Equal(60, back.Resolution);
        Assert.Equal(AudienceScenarioFigures.At60Seconds.ViewersMax, back.ViewersMax);
        Assert.Equal(AudienceScenarioFigures.At60Seconds.ViewersAvg, back.ViewersAvg);
        Assert.Equal(AudienceScenarioFigures.At60Seconds.HostsMax, back.HostsMax);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 255, 255, 255, 127, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 })]
    public void BytesOfAnotherShapeAreAFormatException(byte[] bytes)
    {
        Assert.Throws<FormatException>(() => PerSecondSeries.FromBytes(bytes));
    }
}
