using Favorited.Core.Data;

namespace Favorited.Testing.Analytics;

/// <summary>
/// The hand-computed scenario of docs/design/analytics.md §5: the spans its 24 webhook steps must leave behind.
/// Times are seconds after <see cref="T0"/>. The figures expected from these spans live beside the calculator's tests.
/// </summary>
public static class AudienceScenario
{
    public static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    public const int EndSecond = 600;
    public const string Creator = "H";

    public static DateTime At(int seconds) => T0.AddSeconds(seconds);

    /// <summary>Expected spans per identity and role, merged where they overlap (touching spans stay apart).</summary>
    public static readonly IReadOnlyList<(string User, ParticipantRole Role, int Start, int End)> ExpectedSpans =
    [
        ("A", ParticipantRole.Viewer, 10, 130),
        ("B", ParticipantRole.Viewer, 20, 200),
        ("B", ParticipantRole.Viewer, 230, 400),
        ("C", ParticipantRole.Viewer, 30, 100),
        ("D", ParticipantRole.Viewer, 50, 600),
        ("E", ParticipantRole.Viewer, 60, 120),
        ("E", ParticipantRole.Host, 120, 180),
        ("E", ParticipantRole.Viewer, 180, 360),
        ("F", ParticipantRole.Viewer, 300, 500),
        ("G", ParticipantRole.Viewer, 400, 450),
        ("H", ParticipantRole.Host, 0, 600),
    ];

    /// <summary>E has a session in an earlier stream of H; A has one in another creator's stream.</summary>
    public static readonly IReadOnlySet<string> Returning = new HashSet<string> { "E" };

    /// <summary>A posts 2 (one later deleted by H), D 1, H 1.</summary>
    public static readonly IReadOnlyDictionary<string, int> ChatMessagesByUser =
        new Dictionary<string, int> { ["A"] = 2, ["D"] = 1, ["H"] = 1 };
}
