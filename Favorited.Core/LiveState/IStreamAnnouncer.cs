namespace Favorited.Core.LiveState;

/// <summary>
/// Announces a change to a stream's SSE subscribers (<see cref="LiveStateStore.AnnounceAsync"/>) with a record as the
/// event's data, written as the Api writes its answers. Called after the change is committed.
/// </summary>
public interface IStreamAnnouncer
{
    Task AnnounceAsync<TPayload>(Guid streamId, string type, TPayload payload);
}
