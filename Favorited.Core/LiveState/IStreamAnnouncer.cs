using Favorited.Core.Data;

namespace Favorited.Core.LiveState;

/// <summary>
/// Announces a change to a stream's SSE subscribers (<see cref="LiveStateStore.AnnounceAsync"/>) with a record as the
/// event's data, written as the Api writes its answers. Called after the change is committed; a Redis failure then is
/// logged, not thrown (the change stands, and watchers see it when they next load).
/// </summary>
public interface IStreamAnnouncer
{
    /// <summary>To the stream's watchers.</summary>
    Task AnnounceAsync<TPayload>(Guid streamId, string type, TPayload payload);

    /// <summary>To the stream's watchers and the list page's feed (an edit), as <paramref name="stream"/>'s visibility allows.</summary>
    Task AnnounceToListTooAsync<TPayload>(Livestream stream, string type, TPayload payload);
}
