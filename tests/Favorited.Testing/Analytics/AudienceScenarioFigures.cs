namespace Favorited.Testing.Analytics;

/// <summary>
/// The figures docs/design/analytics.md §5 expects from the scenario, by hand; shared by the calculator's, the worker's
/// and the Api's tests. Seconds after <see cref="AudienceScenario.T0"/>.
/// </summary>
public static class AudienceScenarioFigures
{
    /// <summary>The viewer count over <c>[From, To)</c>, covering the whole stream.</summary>
    public static readonly IReadOnlyList<(int Viewers, int From, int To)> ViewersByInterval =
    [
        (0, 0, 10), (1, 10, 20), (2, 20, 30), (3, 30, 50), (4, 50, 60), (5, 60, 100), (4, 100, 120), (3, 120, 130),
        (2, 130, 180), (3, 180, 200), (2, 200, 230), (3, 230, 300), (4, 300, 360), (3, 360, 400), (3, 400, 450),
        (2, 450, 500), (1, 500, 600),
    ];

    /// <summary>The host count over <c>[From, To)</c>.</summary>
    public static readonly IReadOnlyList<(int Hosts, int From, int To)> HostsByInterval =
    [
        (1, 0, 120), (2, 120, 180), (1, 180, 600),
    ];

    public const int Peak = 5;
    public const int PeakAtSecond = 60;
    public const int HostsPeak = 2;
    public const int HostsPeakAtSecond = 120;

    public static class At60Seconds
    {
        public static readonly int[] ViewersMax = [4, 5, 3, 3, 3, 4, 3, 3, 2, 1];
        public static readonly double[] ViewersAvg = [2.17, 4.67, 2.17, 2.5, 3, 4, 3, 2.5, 1.33, 1];
        public static readonly int[] ViewerSeconds = [130, 280, 130, 150, 180, 240, 180, 150, 80, 60];
        public static readonly int[] HostsMax = [1, 1, 2, 1, 1, 1, 1, 1, 1, 1];
    }

    /// <summary>Per viewer: watch seconds, stage seconds, merged connected intervals. H is a host only, so not a viewer.</summary>
    public static readonly IReadOnlyDictionary<string, (long Watch, long Stage, int Intervals)> Viewers =
        new Dictionary<string, (long, long, int)>
        {
            ["A"] = (120, 0, 1),
            ["B"] = (350, 0, 2),
            ["C"] = (70, 0, 1),
            ["D"] = (550, 0, 1),
            ["E"] = (240, 60, 1),
            ["F"] = (200, 0, 1),
            ["G"] = (50, 0, 1),
        };

    /// <summary>The viewers by watch time descending, then user id.</summary>
    public static readonly IReadOnlyList<string> ViewerOrder = ["D", "B", "E", "F", "A", "C", "G"];

    public const int Unique = 7;
    public const int New = 6;
    public const int Returning = 1;

    public const long TotalWatchSeconds = 1_580;
    public const double TotalWatchMinutes = 26.33;
    public const double AverageWatchSeconds = 225.71;
    public const double MedianWatchSeconds = 200;

    public static readonly IReadOnlyDictionary<string, int> StayedPast =
        new Dictionary<string, int> { ["1m"] = 6, ["5m"] = 2, ["30m"] = 0 };

    /// <summary>Bins from <c>&lt;1 m</c> to <c>≥2 h</c>: (from, to, viewers), to null for the last.</summary>
    public static readonly IReadOnlyList<(int From, int? To, int Viewers)> Distribution =
    [
        (0, 60, 1), (60, 300, 4), (300, 900, 2), (900, 1_800, 0), (1_800, 3_600, 0), (3_600, 7_200, 0), (7_200, null, 0),
    ];

    public static readonly IReadOnlyList<int> RetentionOffsetsMinutes = [1, 5, 10, 30];

    /// <summary>Present at minute N = 0 … 9.</summary>
    public static readonly int[] PresentByMinute = [0, 5, 3, 3, 3, 4, 3, 3, 2, 1];

    /// <summary>Retained at minute N = 0 … 9, one array per offset of <see cref="RetentionOffsetsMinutes"/>.</summary>
    public static readonly IReadOnlyList<int?[]> RetainedByMinute =
    [
        [0, 3, 2, 3, 3, 3, 2, 2, 1, null],
        [0, 2, 1, 1, 1, null, null, null, null, null],
        [null, null, null, null, null, null, null, null, null, null],
        [null, null, null, null, null, null, null, null, null, null],
    ];

    public const int ChatMessages = 4;
    public const int Chatters = 3;

    /// <summary>The live check after step 14: as-of T0 + 330 s, open spans ending then.</summary>
    public static class LiveAt330
    {
        public const int AsOfSecond = 330;
        public const int Current = 4;
        public const int Peak = 5;
        public const int PeakAtSecond = 60;
        public const int Unique = 6;
        public const long TotalWatchSeconds = 990;
    }

    /// <summary>The viewer count at second <paramref name="second"/>, from <see cref="ViewersByInterval"/>.</summary>
    public static int ViewersAt(int second) => ViewersByInterval.Single(i => i.From <= second && second < i.To).Viewers;

    public static int HostsAt(int second) => HostsByInterval.Single(i => i.From <= second && second < i.To).Hosts;
}
