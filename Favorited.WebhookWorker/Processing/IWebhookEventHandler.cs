namespace Favorited.WebhookWorker.Processing;

/// <summary>Applies one type of LiveKit webhook event.</summary>
public interface IWebhookEventHandler
{
    /// <summary>LiveKit's event name, e.g. <c>participant_joined</c>.</summary>
    string EventType { get; }

    /// <summary>
    /// Whether webhooks of this event may share a transaction with the webhooks before and after them: true when the handler
    /// reads and writes sessions only through <see cref="WebhookContext.Sessions"/>; false when it must go alone (ending a
    /// stream updates sessions in bulk).
    /// </summary>
    bool CanBatch { get; }

    /// <summary>
    /// Changes Postgres, inside the transaction that records the event; not called for a duplicate.
    /// Throwing rolls both back and the event is retried.
    /// </summary>
    Task ApplyAsync(WebhookContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What live state should now be, read from Postgres in the same transaction. Called for duplicates too:
    /// a worker that crashed after the commit but before Redis got the change completes it on redelivery.
    /// </summary>
    Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken cancellationToken);
}
