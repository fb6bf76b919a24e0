namespace Favorited.Core.Redis;

/// <summary>Every key and channel Favorited uses in Redis, in one place; all start with <c>favorited:</c>.</summary>
public static class RedisKeys
{
    /// <summary>The Redis Stream between the webhook receiver and the worker.</summary>
    public const string WebhookStream = "favorited:webhooks";

    /// <summary>Entries the worker gave up on, with their error.</summary>
    public const string WebhookDeadLetters = "favorited:webhooks:dead";

    /// <summary>Published after every append, so idle workers read at once instead of polling.</summary>
    public const string WebhookNudgeChannel = "favorited:webhooks:nudge";

    /// <summary>Marks a webhook id as received (for the dedupe window).</summary>
    public static string WebhookId(string id) => $"favorited:webhook-ids:{id}";

    /// <summary>Every stream's lifecycle and count changes, for the list page.</summary>
    public const string AllStreamEventsChannel = "favorited:events";

    /// <summary>One stream's lifecycle and count changes, for its SSE subscribers.</summary>
    public static string StreamEventsChannel(Guid streamId) => $"favorited:events:{streamId}";

    /// <summary>Streams whose held-back viewer count is waiting for its trailing update, scored by due time.</summary>
    public const string ThrottleDue = "favorited:throttle:due";

    /// <summary>
    /// The prefix of one stream's live state: its hash, its sets under <c>:hosts</c>, <c>:viewers</c> and <c>:seen</c>,
    /// each identity's last applied version under <c>:versions</c>, and the replay log of announcements under <c>:log</c>.
    /// The <c>{id}</c> hash tag keeps them in one Redis Cluster slot; the scripts also touch <see cref="ThrottleDue"/> and
    /// publish, so they are not cluster-safe as they stand.
    /// </summary>
    public static string LiveState(Guid streamId) => $"favorited:stream:{{{streamId}}}";

    /// <summary>The lease that lets one replica run a periodic job.</summary>
    public static string JobLock(string name) => $"favorited:lock:{name}";
}
