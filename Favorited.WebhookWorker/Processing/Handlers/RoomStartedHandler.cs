using Favorited.Core.Data;

namespace Favorited.WebhookWorker.Processing.Handlers;

/// <summary>Tells subscribers the room is up; the stream went LIVE when it was created.</summary>
internal sealed class RoomStartedHandler : IWebhookEventHandler
{
    public string EventType => "room_started";
    public bool CanBatch => false;

    public Task ApplyAsync(WebhookContext context, CancellationToken ct) => Task.CompletedTask;

    public Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken ct) =>
        Task.FromResult<LiveStateChange?>(context.Stream is { Status: LivestreamStatus.Live } stream ? new StreamStarted(stream.Id) : null);
}
