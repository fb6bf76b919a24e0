using Favorited.Core.Data;
using Favorited.Core.Livestreams;

namespace Favorited.WebhookWorker.Processing.Handlers;

/// <summary>The room closed (deleted, or empty past its timeout): the stream ends.</summary>
internal sealed class RoomFinishedHandler : IWebhookEventHandler
{
    public string EventType => "room_finished";

    // Ending a stream updates its sessions in bulk, not through the transaction's shared lookup.
    public bool CanBatch => false;

    public Task ApplyAsync(WebhookContext context, CancellationToken ct) =>
        context.Stream is { } stream ? LivestreamRules.EndAsync(context.Db, stream, context.Now, ct) : Task.CompletedTask;

    public Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken ct) =>
        Task.FromResult<LiveStateChange?>(context.Stream is { Status: LivestreamStatus.Ended } stream ? new StreamEnded(stream.Id) : null);
}
