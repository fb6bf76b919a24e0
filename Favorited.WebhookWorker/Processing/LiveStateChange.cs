using Favorited.Core.Data;
using Favorited.Core.LiveState;

namespace Favorited.WebhookWorker.Processing;

/// <summary>A change to a stream's live state, applied after the Postgres transaction commits. Every change is idempotent.</summary>
public abstract record LiveStateChange(Guid StreamId)
{
    /// <summary>Reserved in the committing transaction (<see cref="LiveStateVersions"/>); 0 when there is none.</summary>
    public long Version { get; init; }

    public abstract Task ApplyAsync(LiveStateStore liveState);
}

public sealed record ParticipantConnected(Guid StreamId, string Identity, ParticipantRole Role, string DisplayName) : LiveStateChange(StreamId)
{
    public override Task ApplyAsync(LiveStateStore liveState) =>
        liveState.ParticipantConnectedAsync(StreamId, Identity, Role, DisplayName, Version);
}

/// <param name="SeenViewer">It did connect as a viewer (see <see cref="LiveStateStore.ParticipantDisconnectedAsync"/>).</param>
public sealed record ParticipantDisconnected(Guid StreamId, string Identity, bool SeenViewer = false) : LiveStateChange(StreamId)
{
    public override Task ApplyAsync(LiveStateStore liveState) => liveState.ParticipantDisconnectedAsync(StreamId, Identity, SeenViewer, Version);
}

public sealed record StreamStarted(Guid StreamId) : LiveStateChange(StreamId)
{
    public override Task ApplyAsync(LiveStateStore liveState) => liveState.PublishStartedAsync(StreamId);
}

public sealed record StreamEnded(Guid StreamId) : LiveStateChange(StreamId)
{
    public override Task ApplyAsync(LiveStateStore liveState) => liveState.EndAsync(StreamId);
}

public sealed record ConnectedSetReplaced(Guid StreamId, IReadOnlyCollection<string> Hosts, IReadOnlyCollection<string> Viewers)
    : LiveStateChange(StreamId)
{
    public override Task ApplyAsync(LiveStateStore liveState) => liveState.ReplaceConnectedAsync(StreamId, Hosts, Viewers, Version);
}
