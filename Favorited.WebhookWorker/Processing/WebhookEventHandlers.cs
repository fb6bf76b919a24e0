namespace Favorited.WebhookWorker.Processing;

/// <summary>The handler of each LiveKit event Favorited acts on, by event name; an event without one is recorded and ignored.</summary>
public sealed class WebhookEventHandlers(IEnumerable<IWebhookEventHandler> handlers)
{
    // Two handlers for one event name fail here, when the worker starts.
    private readonly Dictionary<string, IWebhookEventHandler> _byEventName =
        handlers.ToDictionary(handler => handler.EventType, StringComparer.Ordinal);

    public IWebhookEventHandler? Find(string eventName) => _byEventName.GetValueOrDefault(eventName);

    /// <summary>Whether webhooks of this event may share a transaction (<see cref="IWebhookEventHandler.CanBatch"/>); ignored ones go alone.</summary>
    public bool CanBatch(string eventName) => Find(eventName) is { CanBatch: true };
}
