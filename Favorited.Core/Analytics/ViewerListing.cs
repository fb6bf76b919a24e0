using System.Collections;

namespace Favorited.Core.Analytics;

/// <summary>
/// One row per viewer, by watch time descending, then user id. The order and the rows are made when first read: a live
/// compute for tens of thousands of viewers should not sort and allocate them when only the summary is wanted.
/// </summary>
internal sealed class ViewerListing : IReadOnlyList<ViewerWatch>
{
    // Only per-identity arrays are kept, so that the cached figures hold nothing of the spans.
    private readonly int[] _viewers;
    private readonly Lazy<int[]> _order;
    private readonly string[] _userIds;
    private readonly string[] _displayNames;
    private readonly DateTime[] _firstConnected;
    private readonly int[] _connectedIntervals;
    private readonly long[] _watchMs;
    private readonly long[] _stageMs;
    private readonly bool[] _returning;
    private readonly int[] _chatMessages;

    private ViewerListing(int[] viewers, IdentitySpans identities, AudiencePresence presence, bool[] returning, int[] chatMessages)
    {
        _viewers = viewers;
        _order = new Lazy<int[]>(ByWatchTimeDescending);
        _userIds = identities.UserIds;
        _displayNames = identities.DisplayNames;
        _firstConnected = identities.FirstConnected;
        _connectedIntervals = presence.ConnectedIntervals;
        _watchMs = presence.WatchMs;
        _stageMs = presence.StageMs;
        _returning = returning;
        _chatMessages = chatMessages;
        foreach (var identity in viewers)
        {
            ReturningCount += returning[identity] ? 1 : 0;
        }
    }

    public int Count => _viewers.Length;

    public int ReturningCount { get; }

    public ViewerWatch this[int index]
    {
        get
        {
            var identity = _order.Value[index];
            return new ViewerWatch(
                _userIds[identity],
                _displayNames[identity],
                _firstConnected[identity],
                _connectedIntervals[identity],
                _watchMs[identity] / 1000,
                _stageMs[identity] / 1000,
                _returning[identity],
                _chatMessages[identity]);
        }
    }

    /// <summary>Each viewer's whole watch seconds, in no particular order.</summary>
    public IEnumerable<long> WatchSeconds()
    {
        foreach (var identity in _viewers)
        {
            yield return _watchMs[identity] / 1000;
        }
    }

    public IEnumerator<ViewerWatch> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static ViewerListing List(IdentitySpans identities, AudiencePresence presence, AudienceInput input)
    {
        // Looked up from the (usually smaller) sets into the identities, not once per viewer.
        var returning = new bool[identities.Count];
        foreach (var userId in input.Returning)
        {
            if (identities.TryGetIdentity(userId, out var identity))
            {
                returning[identity] = true;
            }
        }
        var chatMessages = new int[identities.Count];
        foreach (var (userId, messages) in input.ChatMessagesByUser)
        {
            if (identities.TryGetIdentity(userId, out var identity))
            {
                chatMessages[identity] = messages;
            }
        }
        var viewers = new List<int>();
        for (var identity = 0; identity < presence.Count; identity++)
        {
            if (presence.IsViewer(identity))
            {
                viewers.Add(identity);
            }
        }
        return new ViewerListing([.. viewers], identities, presence, returning, chatMessages);
    }

    private int[] ByWatchTimeDescending()
    {
        var keys = new long[_viewers.Length];
        var order = new int[_viewers.Length];
        for (var i = 0; i < _viewers.Length; i++)
        {
            keys[i] = -(_watchMs[_viewers[i]] / 1000);
            order[i] = _viewers[i];
        }

        // A primitive-keyed sort, then user ids only within runs of equal watch seconds.
        Array.Sort(keys, order);
        var userIds = _userIds;
        var byUserId = Comparer<int>.Create((a, b) => string.CompareOrdinal(userIds[a], userIds[b]));
        for (var runStart = 0; runStart < order.Length;)
        {
            var runEnd = runStart + 1;
            while (runEnd < order.Length && keys[runEnd] == keys[runStart])
            {
                runEnd++;
            }
            if (runEnd - runStart > 1)
            {
                Array.Sort(order, runStart, runEnd - runStart, byUserId);
            }
            runStart = runEnd;
        }
        return order;
    }
}
