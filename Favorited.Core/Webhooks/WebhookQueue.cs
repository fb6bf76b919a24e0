using Favorited.Core.Redis;
using StackExchange.Redis;

namespace Favorited.Core.Webhooks;

/// <summary>
/// The Redis Stream between the webhook receiver and the worker. A webhook id is accepted once per 24 h:
/// the dedupe key and the stream entry are written by one script, so either both exist or neither does.
/// </summary>
public sealed class WebhookQueue(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromHours(24);

    private static readonly LuaScript Enqueue = LuaScript.Prepare("""
        if redis.call('SET', @dedupeKey, '1', 'NX', 'EX', @ttl) then
          local id = redis.call('XADD', @stream, '*', 'id', @id, 'event', @event, 'room', @room,
            'body', @body, 'traceparent', @traceparent, 'receivedAt', @receivedAt)
          redis.call('PUBLISH', @nudge, '1')
          return id
        end
        return false
        """);

    /// <returns>True when the webhook was added; false when its id was already received.</returns>
    public async Task<bool> EnqueueAsync(ReceivedWebhook webhook)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Enqueue, new
        {
            dedupeKey = (RedisKey)RedisKeys.WebhookId(webhook.Id),
            stream = (RedisKey)RedisKeys.WebhookStream,
            ttl = (long)DedupeWindow.TotalSeconds,
            id = webhook.Id,
            @event = webhook.Event,
            room = webhook.Room,
            body = webhook.Body,
            traceparent = webhook.TraceParent,
            receivedAt = webhook.ReceivedAt.ToString("O"),
            nudge = RedisKeys.WebhookNudgeChannel,
        });
        return !result.IsNull;
    }
}
