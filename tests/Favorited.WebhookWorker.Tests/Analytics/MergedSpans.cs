using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Favorited.Testing.Analytics;

namespace Favorited.WebhookWorker.Tests.Analytics;

internal static class MergedSpans
{
    /// <summary>
    /// The spans per identity and role, merged where they overlap (touching spans stay apart), in seconds after
    /// <see cref="AudienceScenario.T0"/>: the form of <see cref="AudienceScenario.ExpectedSpans"/>, ordered the same way.
    /// </summary>
    public static List<(string User, ParticipantRole Role, double Start, double End)> Of(IEnumerable<AudienceSpan> spans)
    {
        var merged = new List<(string User, ParticipantRole Role, double Start, double End)>();
        foreach (var group in spans.GroupBy(span => (span.UserId, span.Role)))
        {
            (double Start, double End)? current = null;
            foreach (var span in group.OrderBy(span => span.Start))
            {
                var (start, end) = (Seconds(span.Start), Seconds(span.End));
                if (current is { } open && start < open.End)
                {
                    current = (open.Start, Math.Max(open.End, end));
                    continue;
                }
                if (current is { } closed)
                {
                    merged.Add((group.Key.UserId, group.Key.Role, closed.Start, closed.End));
                }
                current = (start, end);
            }
            merged.Add((group.Key.UserId, group.Key.Role, current!.Value.Start, current.Value.End));
        }
        return Ordered(merged);
    }

    public static List<(string User, ParticipantRole Role, double Start, double End)> Expected(
        IEnumerable<(string User, ParticipantRole Role, int Start, int End)> spans) =>
        Ordered(spans.Select(span => (span.User, span.Role, (double)span.Start, (double)span.End)));

    private static List<(string User, ParticipantRole Role, double Start, double End)> Ordered(
        IEnumerable<(string User, ParticipantRole Role, double Start, double End)> spans) =>
        [.. spans.OrderBy(span => span.User, StringComparer.Ordinal).ThenBy(span => span.Start).ThenBy(span => span.Role)];

    private static double Seconds(DateTime at) => (at - AudienceScenario.T0).TotalSeconds;
}
