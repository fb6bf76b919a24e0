using Favorited.Core.Webhooks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>The worker's side of the webhook Redis Stream: one consumer of the shared consumer group.</summary>
public sealed class WebhookStream(IConnectionMultiplexer redis, IOptions<WebhookOptions> options)
{
    private IDatabase Db => redis.GetDatabase();
    private WebhookOptions Options => options.Value;

    /// <summary>Creates the stream and the group (from the stream's start, so nothing queued earlier is skipped).</summary>
    public async Task EnsureGroupAsync()
    {
        try
        {
            await Db.StreamCreateConsumerGroupAsync(WebhookQueue.StreamKey, Options.ConsumerGroup, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>Entries never delivered to any consumer.</summary>
    public async Task<StreamEntry[]> ReadNewAsync(int count) =>
        await Db.StreamReadGroupAsync(WebhookQueue.StreamKey, Options.ConsumerGroup, Options.ConsumerName,
            StreamPosition.NewMessages, count);

    /// <summary>Takes over entries another consumer has held longer than the claim idle time.</summary>
    public async Task<StreamEntry[]> ClaimAbandonedAsync(int count)
    {
        var result = await Db.StreamAutoClaimAsync(WebhookQueue.StreamKey, Options.ConsumerGroup, Options.ConsumerName,
            (long)Options.ClaimIdleTime.TotalMilliseconds, "0-0", count);
        return result.ClaimedEntries;
    }

    public Task AcknowledgeAsync(RedisValue entryId) =>
        Db.StreamAcknowledgeAsync(WebhookQueue.StreamKey, Options.ConsumerGroup, entryId);

    public Task AcknowledgeAsync(RedisValue[] entryIds) =>
        Db.StreamAcknowledgeAsync(WebhookQueue.StreamKey, Options.ConsumerGroup, entryIds);

    /// <summary>Moves an entry that kept failing to the dead-letter stream with its error, in one transaction.</summary>
    public async Task DeadLetterAsync(StreamEntry entry, string error, DateTimeOffset failedAt)
    {
        var move = Db.CreateTransaction();
        _ = move.StreamAddAsync(WebhookQueue.DeadLetterKey,
        [
            .. entry.Values,
            new NameValueEntry("streamEntryId", entry.Id),
            new NameValueEntry("error", error),
            new NameValueEntry("failedAt", failedAt.ToString("O")),
        ]);
        _ = move.StreamAcknowledgeAsync(WebhookQueue.StreamKey, Options.ConsumerGroup, entry.Id);
        await move.ExecuteAsync();
    }

    /// <summary>
    /// Drops entries every consumer has acknowledged: everything before the oldest pending entry, or before the
    /// group's last delivered entry when nothing is pending.
    /// </summary>
    public async Task TrimAcknowledgedAsync()
    {
        var pending = await Db.StreamPendingAsync(WebhookQueue.StreamKey, Options.ConsumerGroup);
        RedisValue keepFrom;
        if (pending.PendingMessageCount > 0)
        {
            keepFrom = pending.LowestPendingMessageId;
        }
        else
        {
            var group = (await Db.StreamGroupInfoAsync(WebhookQueue.StreamKey))
                .FirstOrDefault(g => g.Name == Options.ConsumerGroup);
            if (group.LastDeliveredId is null)
            {
                return;
            }
            keepFrom = NextId(group.LastDeliveredId);
        }
        await Db.ExecuteAsync("XTRIM", WebhookQueue.StreamKey, "MINID", "~", keepFrom);
    }

    public async Task<WebhookStreamStats> GetStatsAsync()
    {
        var deadLetters = await Db.StreamLengthAsync(WebhookQueue.DeadLetterKey);
        if (!await Db.KeyExistsAsync(WebhookQueue.StreamKey))
        {
            return new WebhookStreamStats(0, 0, deadLetters, 0); // before the first start created it
        }
        var group = (await Db.StreamGroupInfoAsync(WebhookQueue.StreamKey)).FirstOrDefault(g => g.Name == Options.ConsumerGroup);
        return new WebhookStreamStats(group.PendingMessageCount, group.Lag ?? 0, deadLetters, group.ConsumerCount);
    }

    // Stream ids are "<ms>-<seq>"; the next id keeps the last delivered entry out of the trim's keep range.
    private static string NextId(string id)
    {
        var parts = id.Split('-');
        return $"{parts[0]}-{ulong.Parse(parts[1]) + 1}";
    }
}

public readonly record struct WebhookStreamStats(long Pending, long Lag, long DeadLetters, long Consumers);
