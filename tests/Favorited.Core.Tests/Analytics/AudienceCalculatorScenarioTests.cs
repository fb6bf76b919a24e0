using Favorited.Core.Analytics;
using Favorited.Testing.Analytics;
using Expected = Favorited.Testing.Analytics.AudienceScenarioFigures;

namespace Favorited.Core.Tests.Analytics;

/// <summary>The scripted scenario of docs/design/analytics.md §5, fed to the calculator as the reader's per-session spans.</summary>
public sealed class AudienceCalculatorScenarioTests
{
    private readonly AudienceFigures _figures = AudienceCalculator.Calculate(AudienceScenarioSessions.Ended());

    [Fact]
    public void TheSeriesAt60SecondsKeepsThePeaksAndIntegratesToTheWatchTime()
    {
        var series = AudienceCalculator.Series(_figures.PerSecond, 60);

        Assert.Equal(60, series.Resolution);
        Assert.Equal(Expected.At60Seconds.ViewersMax, series.ViewersMax);
        Assert.Equal(Expected.At60Seconds.ViewersAvg, series.ViewersAvg);
        Assert.Equal(Expected.At60Seconds.HostsMax, series.HostsMax);
        Assert.Equal(Expected.At60Seconds.ViewerSeconds.Select(s => s * 1000L),
            _figures.PerSecond.ViewerMilliseconds.Chunk(60).Select(c => c.Sum(ms => (long)ms)));
    }

    [Fact]
    public void TheSeriesAt10SecondsFollowsEveryStep()
    {
        var series = AudienceCalculator.Series(_figures.PerSecond, 10);

        Assert.Equal(60, series.Length);
        var expected = Enumerable.Range(0, 60).Select(i => Expected.ViewersAt(10 * i)).ToArray();
        Assert.Equal(expected, series.ViewersMax);
        Assert.Equal(expected.Select(v => (double)v), series.ViewersAvg);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => Expected.HostsAt(10 * i)), series.HostsMax);
        Assert.Equal(5, series.ViewersMax[6]);
        Assert.Equal(3, series.ViewersMax[12]);
        Assert.Equal(1, series.ViewersMax[59]);
    }

    [Fact]
    public void ThePerSecondSeriesIsTheStepFunction()
    {
        Assert.Equal(600, _figures.PerSecond.Length);
        Assert.Equal(1000, _figures.PerSecond.LastSecondMilliseconds);
        for (var second = 0; second < 600; second++)
        {
            Assert.Equal(Expected.ViewersAt(second), _figures.PerSecond.ViewersMax[second]);
            Assert.Equal(Expected.ViewersAt(second) * 1000, _figures.PerSecond.ViewerMilliseconds[second]);
            Assert.Equal(Expected.HostsAt(second), _figures.PerSecond.HostsMax[second]);
        }
    }

    [Fact]
    public void PeaksAreTheFirstInstantReached()
    {
        Assert.Equal(Expected.Peak, _figures.Viewers.Peak);
        Assert.Equal(AudienceScenario.At(Expected.PeakAtSecond), _figures.Viewers.PeakAt);
        Assert.Equal(Expected.HostsPeak, _figures.Hosts.Peak);
        Assert.Equal(AudienceScenario.At(Expected.HostsPeakAtSecond), _figures.Hosts.PeakAt);
        Assert.Equal(0, _figures.Viewers.Current);
    }

    [Fact]
    public void EachViewerIsListedOnceWithWatchStageAndIntervals()
    {
        Assert.Equal(Expected.ViewerOrder, _figures.ViewerList.Select(v => v.UserId));
        foreach (var viewer in _figures.ViewerList)
        {
            var (watch, stage, intervals) = Expected.Viewers[viewer.UserId];
            Assert.Equal((watch, stage, intervals), (viewer.WatchSeconds, viewer.StageSeconds, viewer.Intervals));
            Assert.Equal(AudienceScenarioSessions.DisplayName(viewer.UserId), viewer.DisplayName);
            Assert.Equal(viewer.UserId == "E", viewer.Returning);
            Assert.Equal(AudienceScenario.ChatMessagesByUser.GetValueOrDefault(viewer.UserId), viewer.ChatMessages);
            var firstStart = AudienceScenarioSessions.Spans.Where(s => s.User == viewer.UserId).Min(s => s.Start);
            Assert.Equal(AudienceScenario.At(firstStart), viewer.FirstConnected);
        }
    }

    [Fact]
    public void TheSummaryMatchesTheHandComputedFigures()
    {
        Assert.Equal((Expected.Unique, Expected.New, Expected.Returning),
            (_figures.Viewers.Unique, _figures.Viewers.New, _figures.Viewers.Returning));
        Assert.Equal(Expected.TotalWatchSeconds, _figures.Watch.TotalSeconds);
        Assert.Equal(Expected.TotalWatchMinutes, _figures.Watch.TotalMinutes);
        Assert.Equal(Expected.AverageWatchSeconds, _figures.Watch.AverageSeconds);
        Assert.Equal(Expected.MedianWatchSeconds, _figures.Watch.MedianSeconds);
        Assert.Equal(Expected.StayedPast.OrderBy(p => p.Key), _figures.Watch.StayedPast.OrderBy(p => p.Key));
        Assert.Equal(Expected.Distribution, _figures.Distribution.Select(b => (b.FromSeconds, b.ToSeconds, b.Viewers)));
        Assert.Equal(new ChatSummary(Expected.ChatMessages, Expected.Chatters), _figures.Chat);
        Assert.Equal(Expected.TotalWatchSeconds * 1000, _figures.PerSecond.ViewerMilliseconds.Sum(ms => (long)ms));
    }

    [Fact]
    public void RetentionCountsViewersPresentAtBothMinuteMarks()
    {
        Assert.Equal(Expected.RetentionOffsetsMinutes, _figures.Retention.OffsetsMinutes);
        Assert.Equal(Enumerable.Range(0, 10), _figures.Retention.Rows.Select(r => r.Minute));
        Assert.Equal(Expected.PresentByMinute, _figures.Retention.Rows.Select(r => r.Present));
        for (var k = 0; k < Expected.RetentionOffsetsMinutes.Count; k++)
        {
            Assert.Equal(Expected.RetainedByMinute[k], _figures.Retention.Rows.Select(r => r.Retained[k]));
        }
    }

    [Fact]
    public void TheLiveAnswerAt330SecondsCountsTheOpenSpans()
    {
        var live = AudienceCalculator.Calculate(AudienceScenarioSessions.At(Expected.LiveAt330.AsOfSecond));

        Assert.Equal(Expected.LiveAt330.Current, live.Viewers.Current);
        Assert.Equal(Expected.LiveAt330.Peak, live.Viewers.Peak);
        Assert.Equal(AudienceScenario.At(Expected.LiveAt330.PeakAtSecond), live.Viewers.PeakAt);
        Assert.Equal(Expected.LiveAt330.Unique, live.Viewers.Unique);
        Assert.Equal(Expected.LiveAt330.TotalWatchSeconds, live.Watch.TotalSeconds);
        Assert.Equal(330, live.PerSecond.Length);
        Assert.Equal(6, live.Retention.Rows.Count);
        Assert.All(live.Retention.Rows, r => Assert.Equal(r.Minute + 1 < 6 ? Expected.RetainedByMinute[0][r.Minute] : null, r.Retained[0]));
    }
}
