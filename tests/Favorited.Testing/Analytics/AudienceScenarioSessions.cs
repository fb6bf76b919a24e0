using System.Security.Cryptography;
using System.Text;
using Favorited.Core.Analytics;
using Favorited.Core.Data;

namespace Favorited.Testing.Analytics;

/// <summary>
/// The scenario of docs/design/analytics.md §5 as the database reader gives it: per session, split at role changes,
/// clamped, not merged. Seconds after <see cref="AudienceScenario.T0"/>.
/// </summary>
public static class AudienceScenarioSessions
{
    /// <param name="Session">The session's label: the user and the sid its row was created for.</param>
    /// <param name="AppearsAt">The script's processing second that first commits the session's row.</param>
    public sealed record SessionSpan(string Session, string User, ParticipantRole Role, int Start, int End, int AppearsAt);

    public static readonly IReadOnlyList<SessionSpan> Spans =
    [
        new("H1", "H", ParticipantRole.Host, 0, 600, 0),
        new("A1", "A", ParticipantRole.Viewer, 10, 130, 10),
        new("B1", "B", ParticipantRole.Viewer, 20, 200, 20),
        new("B2", "B", ParticipantRole.Viewer, 230, 400, 230),
        new("C1", "C", ParticipantRole.Viewer, 30, 100, 105),
        new("D1", "D", ParticipantRole.Viewer, 50, 600, 50),
        new("E1", "E", ParticipantRole.Viewer, 60, 120, 60),
        new("E1", "E", ParticipantRole.Host, 120, 180, 60),
        new("E1", "E", ParticipantRole.Viewer, 180, 360, 60),
        // F's row is rebound to sid F2 by the eviction and keeps connected_at 300; sid F1's late leave makes a second row.
        new("F1", "F", ParticipantRole.Viewer, 300, 500, 300),
        new("F1-evicted", "F", ParticipantRole.Viewer, 300, 420, 425),
        new("G1", "G", ParticipantRole.Viewer, 400, 450, 400),
    ];

    public static string DisplayName(string user) => $"Person {user}";

    public static Guid SessionId(string session) => new(MD5.HashData(Encoding.UTF8.GetBytes(session)));

    /// <summary>The ended stream: as-of T0 + 600 s.</summary>
    public static AudienceInput Ended() => At(AudienceScenario.EndSecond, live: false);

    /// <summary>
    /// The stream as read at <paramref name="asOfSecond"/>: the sessions committed by then, each span clamped to end
    /// at as-of at the latest, and spans that begin at or after as-of left out.
    /// </summary>
    public static AudienceInput At(int asOfSecond, bool live = true)
    {
        var spans = Spans
            .Where(s => s.AppearsAt <= asOfSecond && s.Start < asOfSecond)
            .Select(s => new AudienceSpan(SessionId(s.Session), s.User, DisplayName(s.User), s.Role,
                AudienceScenario.At(s.Start), AudienceScenario.At(Math.Min(s.End, asOfSecond))))
            .ToList();
        return new AudienceInput(AudienceScenario.T0, AudienceScenario.At(asOfSecond), live, spans,
            AudienceScenario.Returning, AudienceScenario.ChatMessagesByUser);
    }
}
