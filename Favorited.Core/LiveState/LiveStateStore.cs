using System.Globalization;
using Favorited.Core.Data;
using StackExchange.Redis;

namespace Favorited.Core.LiveState;

/// <summary>
/// Live state per stream in Redis: a hash (status, start, host, peak) and three sets (connected hosts,
/// connected viewers, every viewer seen). Counts are derived from the sets, and each change is one Lua
/// script, so a replayed or reordered event can never inflate a count. Every key lives 24 h after the
/// last change.
/// </summary>
public sealed class LiveStateStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    // Returns the connected viewer count, or -1 when the stream has no state.
    private static readonly LuaScript Connect = LuaScript.Prepare("""
        if redis.call('EXISTS', @hash) == 0 then return -1 end
        if @role == 'HOST' then
          redis.call('SADD', @hosts, @identity)
        else
          redis.call('SADD', @viewers, @identity)
          redis.call('SADD', @seen, @identity)
        end
        local viewers = redis.call('SCARD', @viewers)
        if viewers > tonumber(redis.call('HGET', @hash, 'peak') or '0') then
          redis.call('HSET', @hash, 'peak', viewers)
        end
        redis.call('EXPIRE', @hash, @ttl)
        redis.call('EXPIRE', @hosts, @ttl)
        redis.call('EXPIRE', @viewers, @ttl)
        redis.call('EXPIRE', @seen, @ttl)
        return viewers
        """);

    private static readonly LuaScript Disconnect = LuaScript.Prepare("""
        if redis.call('EXISTS', @hash) == 0 then return -1 end
        redis.call('SREM', @hosts, @identity)
        redis.call('SREM', @viewers, @identity)
        redis.call('EXPIRE', @hash, @ttl)
        redis.call('EXPIRE', @hosts, @ttl)
        redis.call('EXPIRE', @viewers, @ttl)
        redis.call('EXPIRE', @seen, @ttl)
        return redis.call('SCARD', @viewers)
        """);

    private static readonly LuaScript End = LuaScript.Prepare("""
        if redis.call('EXISTS', @hash) == 0 then return 0 end
        redis.call('HSET', @hash, 'status', @status)
        redis.call('EXPIRE', @hash, @ttl)
        redis.call('EXPIRE', @hosts, @ttl)
        redis.call('EXPIRE', @viewers, @ttl)
        redis.call('EXPIRE', @seen, @ttl)
        return 1
        """);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Starts the state of a stream that just went LIVE (idempotent: counts already there stay).</summary>
    public async Task InitializeAsync(Guid streamId, DateTime startedAt, string hostUserId, string hostDisplayName)
    {
        var keys = new Keys(streamId);
        var batch = Db.CreateTransaction();
        _ = batch.HashSetAsync(keys.Hash,
        [
            new("status", nameof(LivestreamStatus.Live)),
            new("startedAt", startedAt.ToString("O", CultureInfo.InvariantCulture)),
            new("hostUserId", hostUserId),
            new("hostDisplayName", hostDisplayName),
        ]);
        _ = batch.HashSetAsync(keys.Hash, "peak", 0, When.NotExists);
        _ = batch.KeyExpireAsync(keys.Hash, Ttl);
        await batch.ExecuteAsync();
    }

    /// <returns>The state, or null when the stream has none (never started, or expired).</returns>
    public async Task<StreamState?> GetAsync(Guid streamId)
    {
        var keys = new Keys(streamId);
        // One MULTI/EXEC, so no script runs between the reads.
        var reads = Db.CreateTransaction();
        var hash = reads.HashGetAllAsync(keys.Hash);
        var hosts = reads.SetMembersAsync(keys.Hosts);
        var viewers = reads.SetMembersAsync(keys.Viewers);
        var seen = reads.SetLengthAsync(keys.Seen);
        await reads.ExecuteAsync();
        var fields = (await hash).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        if (fields.Count == 0)
        {
            return null;
        }

        var viewerNames = (await viewers).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();
        return new StreamState(
            streamId,
            Enum.Parse<LivestreamStatus>(fields.GetValueOrDefault("status", nameof(LivestreamStatus.Live))),
            [.. (await hosts).Select(h => h.ToString()).Order(StringComparer.Ordinal), .. viewerNames],
            fields.TryGetValue("startedAt", out var started)
                ? DateTime.Parse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : null,
            viewerNames.Count,
            (int)await seen,
            int.Parse(fields.GetValueOrDefault("peak", "0"), CultureInfo.InvariantCulture),
            new HostInfo(fields.GetValueOrDefault("hostUserId", ""), fields.GetValueOrDefault("hostDisplayName", "")));
    }

    /// <returns>Whether the stream has state to change.</returns>
    public async Task<bool> ParticipantConnectedAsync(Guid streamId, string identity, ParticipantRole role)
    {
        var keys = new Keys(streamId);
        var result = await Db.ScriptEvaluateAsync(Connect, new
        {
            hash = keys.Hash, hosts = keys.Hosts, viewers = keys.Viewers, seen = keys.Seen,
            identity, role = role == ParticipantRole.Host ? "HOST" : "VIEWER", ttl = (long)Ttl.TotalSeconds,
        });
        return (long)result >= 0;
    }

    /// <returns>Whether the stream has state to change.</returns>
    public async Task<bool> ParticipantDisconnectedAsync(Guid streamId, string identity)
    {
        var keys = new Keys(streamId);
        var result = await Db.ScriptEvaluateAsync(Disconnect, new
        {
            hash = keys.Hash, hosts = keys.Hosts, viewers = keys.Viewers, seen = keys.Seen,
            identity, ttl = (long)Ttl.TotalSeconds,
        });
        return (long)result >= 0;
    }

    /// <summary>Marks the stream ENDED; the counts stay as they were, as the original left them.</summary>
    public async Task<bool> EndAsync(Guid streamId)
    {
        var keys = new Keys(streamId);
        var result = await Db.ScriptEvaluateAsync(End, new
        {
            hash = keys.Hash, hosts = keys.Hosts, viewers = keys.Viewers, seen = keys.Seen,
            status = nameof(LivestreamStatus.Ended), ttl = (long)Ttl.TotalSeconds,
        });
        return (long)result == 1;
    }

    // The {id} hash tag keeps one stream's keys in one Redis Cluster slot, as Lua scripts require.
    private readonly record struct Keys(Guid StreamId)
    {
        private string Prefix => $"favorited:stream:{{{StreamId}}}";
        public RedisKey Hash => Prefix;
        public RedisKey Hosts => $"{Prefix}:hosts";
        public RedisKey Viewers => $"{Prefix}:viewers";
        public RedisKey Seen => $"{Prefix}:seen";
    }
}
