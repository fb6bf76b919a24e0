namespace Favorited.Core.Analytics;

/// <summary>
/// Counts one identity's connected intervals: each session's spans (all roles) form one interval, and the sessions'
/// intervals merge where they overlap. Reused across identities; one per calculation.
/// </summary>
internal sealed class SessionIntervals
{
    // Most identities have a few sessions: a linear search beats hashing them.
    private const int LinearSearchLimit = 16;

    private readonly Dictionary<Guid, int> _sessionOf = [];
    private Guid[] _ids = new Guid[LinearSearchLimit];
    private long[] _starts = new long[LinearSearchLimit];
    private long[] _ends = new long[LinearSearchLimit];

    public int Count(ReadOnlySpan<Guid> sessionIds, ReadOnlySpan<long> starts, ReadOnlySpan<long> ends)
    {
        if (sessionIds.Length > _ids.Length)
        {
            _ids = new Guid[sessionIds.Length];
            _starts = new long[sessionIds.Length];
            _ends = new long[sessionIds.Length];
        }

        var sessions = 0;
        var useDictionary = sessionIds.Length > LinearSearchLimit;
        if (useDictionary)
        {
            _sessionOf.Clear();
        }
        for (var i = 0; i < sessionIds.Length; i++)
        {
            var session = useDictionary ? FindHashed(sessionIds[i], sessions) : FindLinear(sessionIds[i], sessions);
            if (session == sessions)
            {
                _ids[session] = sessionIds[i];
                _starts[session] = starts[i];
                _ends[session] = ends[i];
                sessions++;
            }
            else
            {
                _starts[session] = Math.Min(_starts[session], starts[i]);
                _ends[session] = Math.Max(_ends[session], ends[i]);
            }
        }
        return Intervals.SortAndMerge(_starts, _ends, 0, sessions);
    }

    /// <returns>The session's index, or <paramref name="sessions"/> when it is new.</returns>
    private int FindLinear(Guid id, int sessions)
    {
        for (var s = sessions - 1; s >= 0; s--)
        {
            if (_ids[s] == id)
            {
                return s;
            }
        }
        return sessions;
    }

    private int FindHashed(Guid id, int sessions)
    {
        if (_sessionOf.TryGetValue(id, out var session))
        {
            return session;
        }
        _sessionOf[id] = sessions;
        return sessions;
    }
}
