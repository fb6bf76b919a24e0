using System.Runtime.InteropServices;
using Favorited.Core.Data;

namespace Favorited.Core.Analytics;

/// <summary>
/// The input's non-empty spans in milliseconds, grouped by identity: group <c>2·i</c> holds identity i's viewer spans,
/// group <c>2·i + 1</c> its host spans, so identity i's spans are groups 2·i and 2·i + 1 together.
/// </summary>
internal sealed class IdentitySpans
{
    private readonly Dictionary<string, int> _identityOf;

    private IdentitySpans(Dictionary<string, int> identityOf, string[] userIds, string[] displayNames, DateTime[] firstConnected,
        int[] groupStarts, long[] starts, long[] ends, Guid[] sessionIds)
    {
        _identityOf = identityOf;
        UserIds = userIds;
        DisplayNames = displayNames;
        FirstConnected = firstConnected;
        GroupStarts = groupStarts;
        Starts = starts;
        Ends = ends;
        SessionIds = sessionIds;
    }

    public int Count => UserIds.Length;

    public string[] UserIds { get; }

    /// <summary>The display name of the identity's latest span.</summary>
    public string[] DisplayNames { get; }

    /// <summary>The earliest start of any of the identity's spans.</summary>
    public DateTime[] FirstConnected { get; }

    /// <summary>Span group g is <c>[GroupStarts[g], GroupStarts[g + 1])</c> of <see cref="Starts"/>, <see cref="Ends"/> and <see cref="SessionIds"/>.</summary>
    public int[] GroupStarts { get; }

    /// <summary>The number of spans kept: the length of <see cref="Starts"/>, <see cref="Ends"/> and <see cref="SessionIds"/> that is used.</summary>
    public int SpanCount => GroupStarts[2 * Count];

    public long[] Starts { get; }

    public long[] Ends { get; }

    public Guid[] SessionIds { get; }

    public static int ViewerGroup(int identity) => 2 * identity;

    public static int HostGroup(int identity) => 2 * identity + 1;

    public bool TryGetIdentity(string userId, out int identity) => _identityOf.TryGetValue(userId, out identity);

    public static IdentitySpans Group(IReadOnlyList<AudienceSpan> spans, AudienceWindow window, ScratchArrays scratch)
    {
        // Two passes: the first numbers the identities, so that the second can place each span straight into its group.
        var total = spans.Count;
        var identityOf = new Dictionary<string, int>(total, StringComparer.Ordinal);
        var userIds = scratch.Rent<string>(total);
        var count = 0;
        var spanGroups = scratch.Rent<int>(total);
        for (var i = 0; i < total; i++)
        {
            var span = spans[i];
            if (window.Offset(span.End) <= window.Offset(span.Start))
            {
                spanGroups[i] = -1;
                continue;
            }
            ref var identity = ref CollectionsMarshal.GetValueRefOrAddDefault(identityOf, span.UserId, out var known);
            if (!known)
            {
                identity = count++;
                userIds[identity] = span.UserId;
            }
            spanGroups[i] = span.Role == ParticipantRole.Host ? HostGroup(identity) : ViewerGroup(identity);
        }

        var groupStarts = scratch.RentCleared<int>(2 * count + 1);
        for (var i = 0; i < total; i++)
        {
            if (spanGroups[i] >= 0)
            {
                groupStarts[spanGroups[i] + 1]++;
            }
        }
        for (var g = 0; g < 2 * count; g++)
        {
            groupStarts[g + 1] += groupStarts[g];
        }

        var kept = groupStarts[2 * count];
        var starts = scratch.Rent<long>(kept);
        var ends = scratch.Rent<long>(kept);
        var sessionIds = scratch.Rent<Guid>(kept);
        var next = scratch.Rent<int>(2 * count);
        groupStarts.AsSpan(0, 2 * count).CopyTo(next);
        var displayNames = new string[count];
        var latest = scratch.Rent<(DateTime Start, DateTime End)>(count);
        var firstConnected = new DateTime[count];
        for (var i = 0; i < total; i++)
        {
            var group = spanGroups[i];
            if (group < 0)
            {
                continue;
            }
            var span = spans[i];
            var at = next[group]++;
            starts[at] = window.Offset(span.Start);
            ends[at] = window.Offset(span.End);
            sessionIds[at] = span.SessionId;

            var identity = group >> 1;
            if (displayNames[identity] is null)
            {
                displayNames[identity] = span.DisplayName;
                latest[identity] = (span.Start, span.End);
                firstConnected[identity] = span.Start;
                continue;
            }
            if (span.Start > latest[identity].Start || (span.Start == latest[identity].Start && span.End > latest[identity].End))
            {
                displayNames[identity] = span.DisplayName;
                latest[identity] = (span.Start, span.End);
            }
            if (span.Start < firstConnected[identity])
            {
                firstConnected[identity] = span.Start;
            }
        }

        return new IdentitySpans(identityOf, userIds.AsSpan(0, count).ToArray(), displayNames, firstConnected, groupStarts, starts, ends, sessionIds);
    }
}
