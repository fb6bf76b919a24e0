using Favorited.WebhookWorker.Consuming;
using Favorited.WebhookWorker.Processing;

namespace Favorited.WebhookWorker;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Reading the webhook stream failed: {Reason}")]
    public static partial void StreamReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Webhook {Event} {WebhookId}: {Outcome}")]
    public static partial void WebhookProcessed(ILogger logger, string @event, string webhookId, WebhookOutcome outcome);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Webhook {Event} {WebhookId} (of {Count} applied together) failed ({Failure}, attempt {Attempt}), retrying in {Delay}")]
    public static partial void WebhookRetrying(ILogger logger, string @event, string webhookId, int count, WebhookFailure failure,
        int attempt, TimeSpan delay, Exception error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Webhook {Event} {WebhookId} moved to the dead-letter stream")]
    public static partial void WebhookDeadLettered(ILogger logger, string @event, string webhookId, Exception error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "A batch of {Count} webhooks failed; applying them one by one")]
    public static partial void BatchFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "Stopping while webhook {Event} {WebhookId} waits to be retried: it and the rest of its lane stay pending")]
    public static partial void LaneLeftPending(ILogger logger, string @event, string webhookId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Job {Job} failed")]
    public static partial void JobFailed(ILogger logger, string job, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Job {Job}: {Summary}")]
    public static partial void JobCompleted(ILogger logger, string job, string summary);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "{Identity} is banned from room {Room} and connected with an older join token, but removing them failed: {Reason}")]
    public static partial void BannedParticipantNotRemoved(ILogger logger, string identity, string room, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Computing the analytics snapshot of livestream {StreamId} failed")]
    public static partial void AnalyticsSnapshotFailed(ILogger logger, Guid streamId, Exception exception);
}
