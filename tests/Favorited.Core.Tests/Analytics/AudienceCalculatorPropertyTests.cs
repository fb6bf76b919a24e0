using System.Text.Json;
using Favorited.Core.Analytics;
using FsCheck;
using FsCheck.Fluent;

namespace Favorited.Core.Tests.Analytics;

/// <summary>
/// Random true histories: however their sessions are delivered, the figures are those of the true intervals, and
/// those agree with a count made quarter second by quarter second.
/// </summary>
public sealed class AudienceCalculatorPropertyTests
{
    [Fact]
    public void UntidySessionsGiveTheFiguresOfTheTrueIntervals()
    {
        var property = Prop.ForAll(Arb.From(AudienceCase.Generator()), (AudienceCase audience) =>
        {
            var faithful = AudienceCalculator.Calculate(audience.Faithful());
            var untidy = AudienceCalculator.Calculate(audience.Untidy());

            Assert.Equal(JsonSerializer.Serialize(faithful), JsonSerializer.Serialize(untidy));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), property);
    }

    [Fact]
    public void TheFiguresAgreeWithACountOfEveryQuarterSecond()
    {
        var property = Prop.ForAll(Arb.From(AudienceCase.Generator()), (AudienceCase audience) =>
        {
            var figures = AudienceCalculator.Calculate(audience.Untidy());
            var counted = new QuarterSecondCount(audience);

            Assert.Equal(counted.ViewersMaxPerSecond(), figures.PerSecond.ViewersMax);
            Assert.Equal(counted.ViewerMsPerSecond(), figures.PerSecond.ViewerMilliseconds);
            Assert.Equal(counted.HostsMaxPerSecond(), figures.PerSecond.HostsMax);
            Assert.Equal((counted.ViewersPeak, counted.ViewersPeakAt), (figures.Viewers.Peak, figures.Viewers.PeakAt));
            Assert.Equal((counted.HostsPeak, counted.HostsPeakAt), (figures.Hosts.Peak, figures.Hosts.PeakAt));
            Assert.Equal(audience.Live ? counted.ViewersAtLastQuarter : 0, figures.Viewers.Current);
            Assert.Equal(counted.Viewers(), figures.ViewerList.Select(v => (v.UserId, v.WatchSeconds, v.StageSeconds, v.Intervals)).Order());
            Assert.Equal(counted.WatchMs / 1000, figures.Watch.TotalSeconds);
            Assert.Equal(counted.WatchMs, figures.PerSecond.ViewerMilliseconds.Sum(ms => (long)ms));
            Assert.Equal(counted.PresentByMinute(), figures.Retention.Rows.Select(r => r.Present));
            foreach (var view in new[] { 1, 7, 60 })
            {
                var series = AudienceCalculator.Series(figures.PerSecond, view);
                var windowMs = audience.WindowQuarters * AudienceCase.QuarterMs;
                Assert.Equal(counted.WatchMs / 1000.0, SeriesIntegralSeconds(series, windowMs), 0.005 * windowMs / 1000.0 + 1e-9);
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), property);
    }

    /// <summary>Σ avg × bucket length: the averages, rounded to 0.005, integrate back to the watch time within 0.005 per second.</summary>
    private static double SeriesIntegralSeconds(AudienceSeries series, long windowMs)
    {
        var total = 0.0;
        for (var i = 0; i < series.Length; i++)
        {
            var lengthMs = Math.Min((i + 1) * series.Resolution * 1000L, windowMs) - i * series.Resolution * 1000L;
            total += series.ViewersAvg[i] * lengthMs / 1000.0;
        }
        return total;
    }
}
