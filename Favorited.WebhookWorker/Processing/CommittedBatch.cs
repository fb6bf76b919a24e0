using Favorited.Core.LiveState;

namespace Favorited.WebhookWorker.Processing;

/// <summary>What webhooks committed to Postgres together came to (their outcomes, in order), and the live-state changes that follow.</summary>
/// <param name="Changes">
/// Described inside the transaction, after each webhook was applied, so they retrace the stream's path (its peak included).
/// When Redis fails they are applied again from the first: each is idempotent, so the sets end exact, and a participant change
/// Redis had already applied is dropped by its version (<see cref="LiveStateChange.Version"/>), so its replay sends no notice.
/// </param>
public sealed record CommittedBatch(IReadOnlyList<WebhookOutcome> Outcomes, IReadOnlyList<LiveStateChange> Changes)
{
    /// <summary>Sends every change at once; Redis applies them in this order.</summary>
    public Task ApplyLiveStateAsync(LiveStateStore liveState) =>
        Task.WhenAll(Changes.Select(change => change.ApplyAsync(liveState)).ToList());
}
