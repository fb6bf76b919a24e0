namespace Favorited.Api;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path} (trace {TraceId})")]
    public static partial void UnhandledException(ILogger logger, string method, string path, string traceId, Exception? exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Rejected a LiveKit webhook ({Rejection}): {Reason}")]
    public static partial void WebhookRejected(ILogger logger, Favorited.Core.LiveKit.WebhookRejection rejection, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "An SSE subscriber of {Channel} fell behind and was disconnected")]
    public static partial void SseSubscriberDropped(ILogger logger, string channel);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Delivering {EventType} of stream {StreamId} over SSE failed; its subscribers reconnect: {Reason}")]
    public static partial void SseEventFailed(ILogger logger, string eventType, Guid streamId, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Unsubscribing from {Channel} failed: {Reason}")]
    public static partial void SseUnsubscribeFailed(ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Not yet listening for livestream changes, so list pages are kept only briefly: {Reason}")]
    public static partial void ListInvalidationUnsubscribed(ILogger logger, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: a backing service is unavailable: {Reason}")]
    public static partial void BackingServiceUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Auth:Mode is Compatibility: request bodies say who is calling, and anyone can act as anyone. Use it only for clients of the original that cannot send tokens yet.")]
    public static partial void CompatibilityModeOn(ILogger logger);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Announcing {EventType} of stream {StreamId} failed; the change is stored, watchers see it when they next load: {Reason}")]
    public static partial void AnnouncementFailed(ILogger logger, string eventType, Guid streamId, string reason);
}
