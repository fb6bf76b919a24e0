using Favorited.Core.Redis;
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
            await Db.StreamCreateConsumerGroupAsync(RedisKeys.WebhookStream, Options.ConsumerGroup, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>Entries never delivered to any consumer.</summary>
    public async Task<StreamEntry[]> ReadNewAsync(int count) =>
        await Db.StreamReadGroupAsync(RedisKeys.WebhookStream, Options.ConsumerGroup, Options.ConsumerName,
            StreamPosition.NewMessages, count);

    /// <summary>
    /// Entries delivered to this consumer's name and never acknowledged: what an earlier run under the same name left
    /// (with a stable name, e.g. a container's, a restarted worker finds its own entries at once), in stream order.
    /// </summary>
    public async IAsyncEnumerable<StreamEntry[]> ReadOwnPendingAsync(int count)
    {
        for (RedisValue after = "0-0"; ;)
        {
            var page = await Db.StreamReadGroupAsync(RedisKeys.WebhookStream, Options.ConsumerGroup, Options.ConsumerName, after, count);
            yield return page;
            if (page.Length < count)
            {
                yield break;
            }
            after = page[^1].Id;
        }
    }

    /// <summary>Takes over every entry a consumer has held longer than the claim idle time, in stream order.</summary>
    public async IAsyncEnumerable<StreamEntry[]> ClaimAbandonedAsync(int count)
    {
        RedisValue start = "0-0";
        do
        {
            var result = await Db.StreamAutoClaimAsync(RedisKeys.WebhookStream, Options.ConsumerGroup, Options.ConsumerName,
                (long)Options.ClaimIdleTime.TotalMilliseconds, start, count);
            yield return result.ClaimedEntries;
            start = result.NextStartId;
        }
        while (start != "0-0");
    }

    /// <summary>
    /// Claims entries this consumer holds again, which resets their idle time, so another consumer does not take over
    /// entries that are still being worked on (e.g. retried through an outage longer than the claim idle time).
    /// </summary>
    public Task KeepClaimedAsync(RedisValue[] entryIds) => entryIds.Length == 0
        ? Task.CompletedTask
        : Db.StreamClaimIdsOnlyAsync(RedisKeys.WebhookStream, Options.ConsumerGroup, Options.ConsumerName, 0, entryIds);

    public Task AcknowledgeAsync(RedisValue[] entryIds) =>
        Db.StreamAcknowledgeAsync(RedisKeys.WebhookStream, Options.ConsumerGroup, entryIds);

    /// <summary>Moves an entry that kept failing to the dead-letter stream with its error, in one transaction.</summary>
    public async Task DeadLetterAsync(StreamEntry entry, string error, DateTimeOffset failedAt)
    {
        var move = Db.CreateTransaction();
        _ = move.StreamAddAsync(RedisKeys.WebhookDeadLetters,
        [
            .. entry.Values,
            new NameValueEntry("streamEntryId", entry.Id),
            new NameValueEntry("error", error),
            new NameValueEntry("failedAt", failedAt.ToString("O")),
        ]);
        _ = move.StreamAcknowledgeAsync(RedisKeys.WebhookStream, Options.ConsumerGroup, entry.Id);
        await move.ExecuteAsync();
    }

    /// <summary>
    /// Drops entries every consumer has acknowledged: everything before the oldest pending entry, or up to the group's last
    /// delivered entry when nothing is pending. One script, so no consumer can read (and leave pending) entries between the
    /// two reads: a trim never passes an entry that is delivered but not acknowledged.
    /// </summary>
    public Task TrimAcknowledgedAsync() =>
        Db.ScriptEvaluateAsync(TrimScript, new { stream = (RedisKey)RedisKeys.WebhookStream, group = Options.ConsumerGroup });

    // XTRIM with "~" drops whole stream nodes only, never an entry at or after the kept id.
    private static readonly LuaScript TrimScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @stream) == 0 then return 0 end
        local function field(fields, name)
          for i = 1, #fields, 2 do
            if fields[i] == name then return fields[i + 1] end
          end
        end
        local lastDelivered
        for _, group in ipairs(redis.call('XINFO', 'GROUPS', @stream)) do
          if field(group, 'name') == @group then lastDelivered = field(group, 'last-delivered-id') end
        end
        if not lastDelivered then return 0 end
        local keepFrom
        local pending = redis.call('XPENDING', @stream, @group)
        if tonumber(pending[1]) > 0 then
          keepFrom = pending[2]
        else
          local ms, seq = string.match(lastDelivered, '^(%d+)-(%d+)$')
          keepFrom = ms .. '-' .. string.format('%.0f', tonumber(seq) + 1)
        end
        return redis.call('XTRIM', @stream, 'MINID', '~', keepFrom)
        """);

    public async Task<WebhookStreamStats> GetStatsAsync()
    {
        var deadLetters = await Db.StreamLengthAsync(RedisKeys.WebhookDeadLetters);
        if (!await Db.KeyExistsAsync(RedisKeys.WebhookStream))
        {
            return new WebhookStreamStats(0, 0, deadLetters, 0); // before the first start created it
        }
        var group = (await Db.StreamGroupInfoAsync(RedisKeys.WebhookStream)).FirstOrDefault(g => g.Name == Options.ConsumerGroup);
        return new WebhookStreamStats(group.PendingMessageCount, group.Lag ?? 0, deadLetters, group.ConsumerCount);
    }
}

public readonly record struct WebhookStreamStats(long Pending, long Lag, long DeadLetters, long Consumers);
