using System.Runtime.InteropServices;
using Favorited.Core.Data;

namespace Favorited.Core.Analytics;

/// <summary>
/// The input's non-empty spans in milliseconds, grouped by identity: group <c>2·i</c> holds identity i's viewer spans,
/// group <c>2·i + 1</c> its host spans. Beside them, each session's whole interval (all its role spans), grouped by identity.
/// </summary>
internal sealed class IdentitySpans
{
    private IdentitySpans(int count, string[] userIds, string[] displayNames, DateTime[] firstConnected,
        int[] groupStarts, long[] starts, long[] ends, int[] sessionGroupStarts, long[] sessionStarts, long[] sessionEnds)
    {
        Count = count;
        UserIds = userIds;
        DisplayNames = displayNames;
        FirstConnected = firstConnected;
        GroupStarts = groupStarts;
        Starts = starts;
        Ends = ends;
        SessionGroupStarts = sessionGroupStarts;
        SessionStarts = sessionStarts;
        SessionEnds = sessionEnds;
    }

    public int Count { get; }

    public string[] UserIds { get; }

    /// <summary>The display name of the identity's latest span.</summary>
    public string[] DisplayNames { get; }

    /// <summary>The earliest start of any of the identity's spans.</summary>
    public DateTime[] FirstConnected { get; }

    /// <summary>Span group g is <c>[GroupStarts[g], GroupStarts[g + 1])</c> of <see cref="Starts"/> and <see cref="Ends"/>.</summary>
    public int[] GroupStarts { get; }

    public long[] Starts { get; }

    public long[] Ends { get; }

    /// <summary>Identity i's sessions are <c>[SessionGroupStarts[i], SessionGroupStarts[i + 1])</c>.</summary>
    public int[] SessionGroupStarts { get; }

    public long[] SessionStarts { get; }

    public long[] SessionEnds { get; }

    public int ViewerGroup(int identity) => 2 * identity;

    public int HostGroup(int identity) => 2 * identity + 1;

    public static IdentitySpans Group(IReadOnlyList<AudienceSpan> spans, AudienceWindow window)
    {
        var total = spans.Count;
        var identityOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var sessionOf = new Dictionary<Guid, int>(total);
        var userIds = new string[total];
        var displayNames = new string[total];
        var latestStarts = new DateTime[total];
        var latestEnds = new DateTime[total];
        var firstConnected = new DateTime[total];
        var spanGroups = new int[total];
        var spanStarts = new long[total];
        var spanEnds = new long[total];
        var sessionIdentities = new int[total];
        var sessionStarts = new long[total];
        var sessionEnds = new long[total];
        var kept = 0;
        var identities = 0;
        var sessions = 0;

        for (var i = 0; i < total; i++)
        {
            var span = spans[i];
            var start = window.Offset(span.Start);
            var end = window.Offset(span.End);
            if (end <= start)
            {
                continue;
            }

            ref var identity = ref CollectionsMarshal.GetValueRefOrAddDefault(identityOf, span.UserId, out var knownIdentity);
            if (!knownIdentity)
            {
                identity = identities++;
                userIds[identity] = span.UserId;
                displayNames[identity] = span.DisplayName;
                latestStarts[identity] = span.Start;
                latestEnds[identity] = span.End;
                firstConnected[identity] = span.Start;
            }
            else
            {
                if (span.Start > latestStarts[identity] || (span.Start == latestStarts[identity] && span.End > latestEnds[identity]))
                {
                    displayNames[identity] = span.DisplayName;
                    latestStarts[identity] = span.Start;
                    latestEnds[identity] = span.End;
                }
                if (span.Start < firstConnected[identity])
                {
                    firstConnected[identity] = span.Start;
                }
            }

            ref var session = ref CollectionsMarshal.GetValueRefOrAddDefault(sessionOf, span.SessionId, out var knownSession);
            if (!knownSession)
            {
                session = sessions++;
                sessionIdentities[session] = identity;
                sessionStarts[session] = start;
                sessionEnds[session] = end;
            }
            else
            {
                sessionStarts[session] = Math.Min(sessionStarts[session], start);
                sessionEnds[session] = Math.Max(sessionEnds[session], end);
            }

            spanGroups[kept] = 2 * identity + (span.Role == ParticipantRole.Host ? 1 : 0);
            spanStarts[kept] = start;
            spanEnds[kept] = end;
            kept++;
        }

        var groupStarts = CountingSort(spanGroups, spanStarts, spanEnds, kept, 2 * identities, out var starts, out var ends);
        var sessionGroupStarts = CountingSort(sessionIdentities, sessionStarts, sessionEnds, sessions, identities,
            out var groupedSessionStarts, out var groupedSessionEnds);

        return new IdentitySpans(identities, userIds, displayNames, firstConnected,
            groupStarts, starts, ends, sessionGroupStarts, groupedSessionStarts, groupedSessionEnds);
    }

    /// <returns>The start of each group in the sorted arrays, plus the total at the end.</returns>
    private static int[] CountingSort(int[] groups, long[] starts, long[] ends, int count, int groupCount,
        out long[] sortedStarts, out long[] sortedEnds)
    {
        var groupStarts = new int[groupCount + 1];
        for (var i = 0; i < count; i++)
        {
            groupStarts[groups[i] + 1]++;
        }
        for (var g = 0; g < groupCount; g++)
        {
            groupStarts[g + 1] += groupStarts[g];
        }

        var next = groupStarts.AsSpan(0, groupCount).ToArray();
        sortedStarts = new long[count];
        sortedEnds = new long[count];
        for (var i = 0; i < count; i++)
        {
            var at = next[groups[i]]++;
            sortedStarts[at] = starts[i];
            sortedEnds[at] = ends[i];
        }
        return groupStarts;
    }
}
