using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Microsoft.EntityFrameworkCore;

namespace Favorited.WebhookWorker.Processing;

/// <summary>
/// The participant sessions one transaction reads and changes (tracked by EF, which saves them). The sessions a report
/// can touch (its stream's, with the report's LiveKit sid or identity) are loaded once, so a batch of one room's reports
/// costs one query for all of them; after that every lookup is in memory and sees the transaction's changes, saved or
/// not. One per transaction (a retried transaction starts with a new one).
/// </summary>
public sealed class SessionLookup(FavoritedDbContext db)
{
    private readonly HashSet<(Guid Stream, string Sid)> _loadedSids = [];
    private readonly HashSet<(Guid Stream, string Identity)> _loadedIdentities = [];
    private readonly Dictionary<Guid, List<Participant>> _byStream = [];
    private readonly HashSet<Participant> _known = new(ReferenceEqualityComparer.Instance);

    public FavoritedDbContext Db => db;

    /// <summary>Loads, in one query, the sessions of the stream that these participants' reports can touch and that are not loaded yet.</summary>
    public Task LoadAsync(Guid streamId, IEnumerable<WebhookParticipant> participants, CancellationToken ct) =>
        LoadAsync(participants.Select(participant => (streamId, participant)), ct);

    /// <summary>The same for reports of several streams, still in one query.</summary>
    public async Task LoadAsync(IEnumerable<(Guid StreamId, WebhookParticipant Participant)> reports, CancellationToken ct)
    {
        var streamIds = new HashSet<Guid>();
        var sids = new HashSet<string>(StringComparer.Ordinal);
        var identities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (streamId, participant) in reports)
        {
            if (participant.Sid is { Length: > 0 } sid && _loadedSids.Add((streamId, sid)))
            {
                sids.Add(sid);
                streamIds.Add(streamId);
            }
            if (participant.Identity is { Length: > 0 } identity && _loadedIdentities.Add((streamId, identity)))
            {
                identities.Add(identity);
                streamIds.Add(streamId);
            }
        }
        if (streamIds.Count == 0)
        {
            return;
        }
        // Across several streams this can load more than asked (another stream's report's identity); more is harmless.
        // Arrays in SQL rather than LINQ Contains over lists: EF compiles a new query for every new combination of list
        // sizes, which kept the JIT busy at half a core during bursts.
        Guid[] streamArray = [.. streamIds];
        string[] sidArray = [.. sids], identityArray = [.. identities];
        var loaded = await db.Participants
            .FromSql($"""
                SELECT * FROM participants
                WHERE livestream_id = ANY({streamArray})
                  AND (livekit_participant_sid = ANY({sidArray}) OR user_id = ANY({identityArray}))
                """)
            .ToListAsync(ct);
        // A session can match a later load too (by sid once, by identity again): EF hands back the same instance.
        foreach (var session in loaded.Where(_known.Add))
        {
            Sessions(session.LivestreamId).Add(session);
        }
    }

    /// <summary>The loaded and added sessions of a stream as the transaction has them now.</summary>
    public IReadOnlyList<Participant> Of(Guid streamId) => Sessions(streamId);

    /// <summary>A new session, saved with the transaction.</summary>
    public void Add(Participant session)
    {
        db.Participants.Add(session);
        _known.Add(session);
        Sessions(session.LivestreamId).Add(session);
    }

    private List<Participant> Sessions(Guid streamId)
    {
        if (!_byStream.TryGetValue(streamId, out var sessions))
        {
            _byStream[streamId] = sessions = [];
        }
        return sessions;
    }
}
