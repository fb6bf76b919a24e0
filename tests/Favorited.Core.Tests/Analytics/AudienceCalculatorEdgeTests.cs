using Favorited.Core.Analytics;
using Favorited.Core.Data;
using static Favorited.Core.Tests.Analytics.AudienceInputs;

namespace Favorited.Core.Tests.Analytics;

public sealed class AudienceCalculatorEdgeTests
{
    [Fact]
    public void TouchingSessionsStayTwoIntervalsWithNoDipBetween()
    {
        var figures = Calculate(20_000, Viewer("a", 0, 10_000), Viewer("a", 10_000, 20_000));

        var viewer = Assert.Single(figures.ViewerList);
        Assert.Equal((2, 20L), (viewer.Intervals, viewer.WatchSeconds));
        Assert.All(figures.PerSecond.ViewersMax, max => Assert.Equal(1, max));
        Assert.All(figures.PerSecond.ViewerMilliseconds, ms => Assert.Equal(1000, ms));
        Assert.Equal(1, figures.Viewers.Peak);
        Assert.Equal(T0, figures.Viewers.PeakAt);
    }

    [Fact]
    public void OverlappingSessionsOfOneIdentityMergeAndCountOnce()
    {
        var figures = Calculate(20_000, Viewer("a", 0, 15_000), Viewer("a", 10_000, 20_000), Viewer("a", 12_000, 13_000));

        var viewer = Assert.Single(figures.ViewerList);
        Assert.Equal((1, 20L), (viewer.Intervals, viewer.WatchSeconds));
        Assert.Equal(1, figures.Viewers.Peak);
        Assert.Equal(20, figures.Watch.TotalSeconds);
    }

    [Fact]
    public void ASessionSplitByTheStageIsOneIntervalAndItsStageTimeIsNotWatchTime()
    {
        var figures = Calculate(30_000,
            Viewer("e", 0, 10_000, "e1"), Host("e", 10_000, 20_000, "e1"), Viewer("e", 20_000, 30_000, "e1"));

        var viewer = Assert.Single(figures.ViewerList);
        Assert.Equal((1, 20L, 10L), (viewer.Intervals, viewer.WatchSeconds, viewer.StageSeconds));
        Assert.Equal([1, 0, 1], AudienceCalculator.Series(figures.PerSecond, 10).ViewersMax);
        Assert.Equal([0, 1, 0], AudienceCalculator.Series(figures.PerSecond, 10).HostsMax);
        Assert.Equal((1, At(10_000)), (figures.Hosts.Peak, figures.Hosts.PeakAt));
    }

    [Fact]
    public void AHostSpanOfAnotherSessionTakesPrecedenceOverAViewerSpan()
    {
        var figures = Calculate(30_000, Viewer("a", 0, 30_000), Host("a", 10_000, 20_000), Viewer("b", 0, 30_000));

        var a = figures.ViewerList.Single(v => v.UserId == "a");
        Assert.Equal((1, 20L, 10L), (a.Intervals, a.WatchSeconds, a.StageSeconds));
        Assert.Equal([2, 1, 2], AudienceCalculator.Series(figures.PerSecond, 10).ViewersMax);
        Assert.Equal([0, 1, 0], AudienceCalculator.Series(figures.PerSecond, 10).HostsMax);
        Assert.Equal(50, figures.Watch.TotalSeconds);
        Assert.Equal(50_000, figures.PerSecond.ViewerMilliseconds.Sum());
    }

    [Fact]
    public void AHostIsAViewerOnlyWhileAViewerSpanIsNotCoveredByAHostSpan()
    {
        var figures = Calculate(30_000, Host("creator", 0, 30_000), Viewer("creator", 5_000, 10_000),
            Host("guest", 0, 10_000), Viewer("guest", 20_000, 25_000));

        var guest = Assert.Single(figures.ViewerList);
        Assert.Equal(("guest", 5L, 10L), (guest.UserId, guest.WatchSeconds, guest.StageSeconds));
        Assert.Equal(At(0), guest.FirstConnected);
        Assert.Equal((2, At(0)), (figures.Hosts.Peak, figures.Hosts.PeakAt));
    }

    [Fact]
    public void TheCreatorCountsWhileHoldingAViewerSpan()
    {
        var figures = Calculate(30_000, Host("creator", 0, 10_000), Viewer("creator", 10_000, 30_000));

        Assert.Equal(("creator", 20L, 10L), (figures.ViewerList[0].UserId, figures.ViewerList[0].WatchSeconds, figures.ViewerList[0].StageSeconds));
    }

    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo()
    {
        var figures = Calculate(100_000, Viewer("a", 0, 10_000), Viewer("b", 0, 21_000), Viewer("c", 0, 30_000), Viewer("d", 0, 41_000));

        Assert.Equal(25.5, figures.Watch.MedianSeconds);
        Assert.Equal(25.5, figures.Watch.AverageSeconds);
        Assert.Equal(102, figures.Watch.TotalSeconds);
        Assert.Equal(1.7, figures.Watch.TotalMinutes);
    }

    [Fact]
    public void StayedPastCountsWatchTimeAtOrAboveEachMark()
    {
        var figures = Calculate(2_000_000, Viewer("a", 0, 59_999), Viewer("b", 0, 60_000), Viewer("c", 0, 300_000),
            Viewer("d", 0, 1_800_000), Viewer("e", 0, 1_799_999));

        Assert.Equal(4, figures.Watch.StayedPast["1m"]);
        Assert.Equal(3, figures.Watch.StayedPast["5m"]);
        Assert.Equal(1, figures.Watch.StayedPast["30m"]);
        Assert.Equal([1, 1, 1, 1, 1, 0, 0], figures.Distribution.Select(b => b.Viewers));
        Assert.Equal([0, 60, 300, 900, 1_800, 3_600, 7_200], figures.Distribution.Select(b => b.FromSeconds));
        Assert.Equal([60, 300, 900, 1_800, 3_600, 7_200, null], figures.Distribution.Select(b => b.ToSeconds));
    }

    [Fact]
    public void TheLastSecondMayBePartialAndTheCurrentCountIsTheOpenSpans()
    {
        var input = Input(2_250, [Viewer("a", 500, 2_250), Viewer("b", 0, 1_500), Host("h", 0, 2_250)], live: true);
        var figures = AudienceCalculator.Calculate(input);

        Assert.Equal(250, figures.PerSecond.LastSecondMilliseconds);
        Assert.Equal([1_500, 1_500, 250], figures.PerSecond.ViewerMilliseconds);
        Assert.Equal([2, 2, 1], figures.PerSecond.ViewersMax);
        Assert.Equal([1, 1, 1], figures.PerSecond.HostsMax);
        Assert.Equal((1, 2, At(500)), (figures.Viewers.Current, figures.Viewers.Peak, figures.Viewers.PeakAt));
        Assert.Equal(0, AudienceCalculator.Calculate(input with { Live = false }).Viewers.Current);
        Assert.Equal([1.5, 1.5, 1], AudienceCalculator.Series(figures.PerSecond, 1).ViewersAvg);
        Assert.Equal([1.44], AudienceCalculator.Series(figures.PerSecond, 3).ViewersAvg);
    }

    [Fact]
    public void ResolutionsOf1And7And3600KeepMaxesAndWeighTheShortLastBucket()
    {
        // 100.5 s: one viewer throughout, a second one over [0, 50 s), a third for a moment at 98.2 s.
        var figures = Calculate(100_500, Viewer("a", 0, 100_500), Viewer("b", 0, 50_000), Viewer("c", 98_200, 98_300));

        var perSecond = AudienceCalculator.Series(figures.PerSecond, 1);
        Assert.Equal(101, perSecond.Length);
        Assert.Equal(1, perSecond.ViewersAvg[^1]);
        Assert.Equal(2, perSecond.ViewersMax[98]);
        Assert.Equal(1.1, perSecond.ViewersAvg[98]);

        var bySeven = AudienceCalculator.Series(figures.PerSecond, 7);
        Assert.Equal(15, bySeven.Length);
        Assert.Equal(7, bySeven.Resolution);
        Assert.Equal(2, bySeven.ViewersMax[7]);
        Assert.Equal(1.14, bySeven.ViewersAvg[7]); // [49, 56): 8 s of viewer time over 7 s
        Assert.Equal(2, bySeven.ViewersMax[14]);
        Assert.Equal(1.04, bySeven.ViewersAvg[14]); // [98, 100.5): 2.6 viewer-seconds over 2.5 s

        var byHour = AudienceCalculator.Series(figures.PerSecond, 3_600);
        Assert.Equal([2], byHour.ViewersMax);
        Assert.Equal([Math.Round(150.6 / 100.5, 2)], byHour.ViewersAvg);
        Assert.Equal([0], byHour.HostsMax);
    }

    [Fact]
    public void AnEmptyStreamHasZerosAndNoPeakInstant()
    {
        var figures = Calculate(125_000);

        Assert.Equal(new ViewerSummary(0, 0, null, 0, 0, 0), figures.Viewers);
        Assert.Equal(new HostSummary(0, null), figures.Hosts);
        Assert.Equal((0L, 0.0, 0.0, 0.0), (figures.Watch.TotalSeconds, figures.Watch.TotalMinutes, figures.Watch.AverageSeconds, figures.Watch.MedianSeconds));
        Assert.All(figures.Watch.StayedPast.Values, count => Assert.Equal(0, count));
        Assert.All(figures.Distribution, bin => Assert.Equal(0, bin.Viewers));
        Assert.Empty(figures.ViewerList);
        Assert.Equal(125, figures.PerSecond.Length);
        Assert.All(figures.PerSecond.ViewerMilliseconds, ms => Assert.Equal(0, ms));
        Assert.Equal([0, 1, 2], figures.Retention.Rows.Select(r => r.Minute));
        Assert.Equal(new int?[][] { [0, null, null, null], [0, null, null, null], [null, null, null, null] },
            figures.Retention.Rows.Select(r => r.Retained.ToArray()));
        Assert.Equal(new ChatSummary(0, 0), figures.Chat);
    }

    [Fact]
    public void AZeroLengthWindowHasNoSecondsAndNoMinutes()
    {
        var figures = Calculate(0, Viewer("a", 0, 0));

        Assert.Equal(0, figures.PerSecond.Length);
        Assert.Empty(figures.Retention.Rows);
        Assert.Empty(figures.ViewerList);
        Assert.Empty(AudienceCalculator.Series(figures.PerSecond, 10).ViewersMax);
    }

    [Fact]
    public void SpansOutsideTheWindowAreClampedToIt()
    {
        var figures = Calculate(10_000, Viewer("a", -5_000, 4_000), Viewer("b", 6_000, 50_000), Viewer("c", 20_000, 30_000));

        Assert.Equal([4L, 4L], figures.ViewerList.Select(v => v.WatchSeconds));
        Assert.Equal(8, figures.Watch.TotalSeconds);
    }

    [Fact]
    public void ThePeakInstantHasMillisecondPrecision()
    {
        var figures = Calculate(10_000, Viewer("a", 1_000, 9_000), Viewer("b", 1_234, 2_000), Viewer("c", 5_000, 6_000));

        Assert.Equal((2, At(1_234)), (figures.Viewers.Peak, figures.Viewers.PeakAt));
        Assert.Equal(1_766, figures.PerSecond.ViewerMilliseconds[1]);
    }

    [Fact]
    public void TheViewerListIsByWatchTimeThenUserIdWithTheLatestDisplayName()
    {
        var figures = AudienceCalculator.Calculate(Input(60_000,
            [
                Span("b", ParticipantRole.Viewer, 0, 10_000, displayName: "Old B"),
                Span("b", ParticipantRole.Viewer, 20_000, 30_000, displayName: "New B"),
                Host("c", 0, 5_000),
                Viewer("c", 10_000, 30_000),
                Viewer("a", 40_000, 60_000),
                Viewer("d", 0, 500),
            ],
            returning: new HashSet<string> { "a", "nobody" },
            chat: new Dictionary<string, int> { ["c"] = 3, ["h"] = 2, ["silent"] = 0 }));

        Assert.Equal(["a", "b", "c", "d"], figures.ViewerList.Select(v => v.UserId));
        Assert.Equal("New B", figures.ViewerList[1].DisplayName);
        Assert.Equal(At(0), figures.ViewerList[2].FirstConnected);
        Assert.Equal(0, figures.ViewerList[3].WatchSeconds);
        Assert.Equal([true, false, false, false], figures.ViewerList.Select(v => v.Returning));
        Assert.Equal([0, 0, 3, 0], figures.ViewerList.Select(v => v.ChatMessages));
        Assert.Equal((4, 3, 1), (figures.Viewers.Unique, figures.Viewers.New, figures.Viewers.Returning));
        Assert.Equal(new ChatSummary(5, 2), figures.Chat);
    }

    [Fact]
    public void RetentionIsNullOnceTheLaterMarkReachesAsOf()
    {
        var figures = Calculate(125_000, Viewer("a", 0, 125_000), Viewer("b", 60_000, 61_000), Viewer("c", 0, 60_000), Viewer("c", 60_000, 125_000));

        Assert.Equal([2, 3, 2], figures.Retention.Rows.Select(r => r.Present));
        Assert.Equal([2, 2, null], figures.Retention.Rows.Select(r => r.Retained[0]));
        Assert.All(figures.Retention.Rows, r => Assert.Null(r.Retained[1]));
    }
}
