using Favorited.Core.Data;
using StackExchange.Redis;

namespace Favorited.Core.LiveState;

/// <summary>
/// The Lua scripts behind <see cref="LiveStateStore"/>. Each change is one script, so it is atomic with the
/// event it publishes and with the throttle's bookkeeping; time comes from Redis, so every process agrees.
/// </summary>
internal static class LiveStateScripts
{
    // Shared by every script that changes a stream. Events carry a per-stream id (the SSE event id). The labels are the
    // enums' (EnumLabels), so Redis holds the same words as PostgreSQL and the API.
    private static readonly string Prelude = $$"""
        local LIVE = '{{LivestreamStatus.Live.Label()}}'
        local ENDED = '{{LivestreamStatus.Ended.Label()}}'
        local HOST = '{{ParticipantRole.Host.Label()}}'

        local function now_ms()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end

        local function touch()
          redis.call('EXPIRE', @hash, @ttl)
          redis.call('EXPIRE', @hosts, @ttl)
          redis.call('EXPIRE', @viewers, @ttl)
          redis.call('EXPIRE', @seen, @ttl)
          redis.call('EXPIRE', @versions, @ttl)
          redis.call('EXPIRE', @log, @ttl)
        end

        -- Why versions: the worker sets live state after its PostgreSQL transaction commits, so two processes holding
        -- webhooks of one stream (entries the consumer group gave to different replicas, or a stalled replica's entries
        -- claimed by another) can reach Redis in the other order than they committed, and an older change would undo a
        -- newer one. @version is reserved in that transaction under the stream's row lock (LiveStateVersions), so it
        -- follows commit order, whoever commits. A participant change states one identity's truth as of its commit, so it
        -- is compared with the last version applied for that identity (and the last replacement of the whole set): older
        -- or equal is dropped, with no notice. Compared per stream, another identity's change that committed earlier but
        -- arrived later would be dropped and lost. Version 0 (a change made outside the worker) always applies.
        local function stale(identity)
          local version = tonumber(@version)
          if version == 0 then return false end
          if version <= tonumber(redis.call('HGET', @hash, 'replacedVersion') or '0') then return true end
          if version <= tonumber(redis.call('HGET', @versions, identity) or '0') then return true end
          redis.call('HSET', @versions, identity, version)
          return false
        end

        local function notify(kind)
          local id = redis.call('HINCRBY', @hash, 'seq', 1)
          local notice = { streamId = @streamId, type = kind, id = id,
            status = redis.call('HGET', @hash, 'status'), viewerCount = redis.call('SCARD', @viewers) }
          -- HGET answers false for a missing field; only a private stream's notice names its creator.
          local privateTo = redis.call('HGET', @hash, 'privateTo')
          if privateTo then notice.privateTo = privateTo end
          local message = cjson.encode(notice)
          redis.call('PUBLISH', @channel, message)
          redis.call('PUBLISH', @allChannel, message)
          return id
        end

        local function send_count(viewers, now)
          notify('viewer_count_update')
          redis.call('HSET', @hash, 'sentCount', viewers, 'sentAt', now)
          redis.call('ZREM', @due, @streamId)
        end

        -- A count change goes out at once when it is large (>= 10 % or >= 5) or the last update is at least
        -- one window old; otherwise the stream waits in @due, and the trailing flush sends it when the window ends.
        local function throttle_count()
          local viewers = redis.call('SCARD', @viewers)
          local now = now_ms()
          local sent = redis.call('HMGET', @hash, 'sentCount', 'sentAt')
          if not sent[1] then
            send_count(viewers, now)
            return
          end
          local last = tonumber(sent[1])
          local delta = math.abs(viewers - last)
          if delta == 0 then
            redis.call('ZREM', @due, @streamId)
            return
          end
          local ratio = 1
          if last > 0 then ratio = delta / last end
          local sentAt = tonumber(sent[2])
          if ratio >= 0.1 or delta >= 5 or now - sentAt >= tonumber(@window) then
            send_count(viewers, now)
          else
            redis.call('ZADD', @due, sentAt + tonumber(@window), @streamId)
          end
        end

        local function update_peak()
          local viewers = redis.call('SCARD', @viewers)
          if viewers > tonumber(redis.call('HGET', @hash, 'peak') or '0') then
            redis.call('HSET', @hash, 'peak', viewers)
          end
        end

        """;

    /// <summary>
    /// Returns the connected viewer count, -1 when the stream is not LIVE (no state, or ended), -2 when a change of this
    /// identity at least as new is already applied.
    /// </summary>
    public static readonly LuaScript Connect = LuaScript.Prepare(Prelude + """
        if redis.call('HGET', @hash, 'status') ~= LIVE then return -1 end
        if stale(@identity) then return -2 end
        if @role == HOST then
          redis.call('SADD', @hosts, @identity)
          if @displayName ~= '' and redis.call('HGET', @hash, 'hostUserId') == @identity then
            redis.call('HSET', @hash, 'hostDisplayName', @displayName)
          end
        else
          redis.call('SADD', @viewers, @identity)
          redis.call('SADD', @seen, @identity)
        end
        update_peak()
        touch()
        throttle_count()
        return redis.call('SCARD', @viewers)
        """);

    /// <summary>
    /// With <c>@seenViewer</c> '1' the identity also joins the viewers ever seen (it connected before, as a viewer). Returns
    /// as <see cref="Connect"/> does.
    /// </summary>
    public static readonly LuaScript Disconnect = LuaScript.Prepare(Prelude + """
        if redis.call('HGET', @hash, 'status') ~= LIVE then return -1 end
        if stale(@identity) then return -2 end
        redis.call('SREM', @hosts, @identity)
        redis.call('SREM', @viewers, @identity)
        if @seenViewer == '1' then redis.call('SADD', @seen, @identity) end
        touch()
        throttle_count()
        return redis.call('SCARD', @viewers)
        """);

    /// <summary>
    /// A connected participant's role changed (brought on stage, or stepped down): the identity moves to the set of
    /// <c>@role</c>, and a viewer is among the viewers ever seen. One not connected stays out of both sets (its connect will
    /// put it in the right one), but its version is recorded, so an older connect report cannot put it back as before.
    /// Returns as <see cref="Connect"/> does.
    /// </summary>
    public static readonly LuaScript ChangeRole = LuaScript.Prepare(Prelude + """
        if redis.call('HGET', @hash, 'status') ~= LIVE then return -1 end
        if stale(@identity) then return -2 end
        local connected = redis.call('SREM', @hosts, @identity) + redis.call('SREM', @viewers, @identity)
        if connected > 0 then
          if @role == HOST then
            redis.call('SADD', @hosts, @identity)
          else
            redis.call('SADD', @viewers, @identity)
            redis.call('SADD', @seen, @identity)
          end
        end
        update_peak()
        touch()
        throttle_count()
        return redis.call('SCARD', @viewers)
        """);

    /// <summary>
    /// Replaces the connected sets (JSON arrays of identities), as reconciliation found them in LiveKit. <c>@version</c> is the
    /// stream's last committed version when the set was read (under its row lock): every change up to it is in the set, so
    /// participant changes up to it are dropped from then on.
    /// </summary>
    public static readonly LuaScript Replace = LuaScript.Prepare(Prelude + """
        if redis.call('HGET', @hash, 'status') ~= LIVE then return -1 end
        if tonumber(@version) > 0 then
          if tonumber(@version) < tonumber(redis.call('HGET', @hash, 'replacedVersion') or '0') then return -2 end
          redis.call('HSET', @hash, 'replacedVersion', @version)
        end
        redis.call('DEL', @hosts, @viewers)
        for _, identity in ipairs(cjson.decode(@hostsJson)) do
          redis.call('SADD', @hosts, identity)
        end
        for _, identity in ipairs(cjson.decode(@viewersJson)) do
          redis.call('SADD', @viewers, identity)
          redis.call('SADD', @seen, identity)
        end
        update_peak()
        touch()
        throttle_count()
        return redis.call('SCARD', @viewers)
        """);

    /// <summary>Returns 1 when the stream went from LIVE to ENDED (and room_ended was published), else 0.</summary>
    public static readonly LuaScript End = LuaScript.Prepare(Prelude + """
        if redis.call('HGET', @hash, 'status') ~= LIVE then return 0 end
        redis.call('HSET', @hash, 'status', ENDED)
        redis.call('ZREM', @due, @streamId)
        touch()
        notify('room_ended')
        return 1
        """);

    public static readonly LuaScript Started = LuaScript.Prepare(Prelude + """
        if redis.call('HGET', @hash, 'status') ~= LIVE then return 0 end
        notify('room_started')
        return 1
        """);

    /// <summary>The trailing update: sends the held-back count when it still differs from the last one sent.</summary>
    public static readonly LuaScript Flush = LuaScript.Prepare(Prelude + """
        if redis.call('ZREM', @due, @streamId) == 0 then return 0 end
        if redis.call('HGET', @hash, 'status') ~= LIVE then return 0 end
        local viewers = redis.call('SCARD', @viewers)
        if tonumber(redis.call('HGET', @hash, 'sentCount') or '-1') == viewers then return 0 end
        send_count(viewers, now_ms())
        return 1
        """);

    /// <summary>
    /// An announcement: <c>@payload</c> (JSON object text, spliced in as it is, so no number or string is re-encoded) under
    /// <c>@type</c>. A stream with live state gives it the next event id, keeps it in the replay log (the latest
    /// <c>@replayLength</c>; the highest id trimmed away is <c>trimmedTo</c>) and publishes it on its channel; with
    /// <c>@toAll</c> '1' it goes to the all-streams channel too. A stream without live state (never started) has no event ids
    /// and no subscribers of its own: it goes to the all-streams channel only, with id 0, <c>@status</c> and <c>@privateTo</c>
    /// (a private stream's creator, else ''). Returns the id.
    /// </summary>
    public static readonly LuaScript Announce = LuaScript.Prepare(Prelude + """
        local status = redis.call('HGET', @hash, 'status')
        local id = 0
        if status then id = redis.call('HINCRBY', @hash, 'seq', 1) end
        local notice = { streamId = @streamId, type = @type, id = id, status = status or @status,
          viewerCount = redis.call('SCARD', @viewers) }
        local privateTo = redis.call('HGET', @hash, 'privateTo') or @privateTo
        if privateTo ~= '' then notice.privateTo = privateTo end
        local encoded = cjson.encode(notice)
        local message = string.sub(encoded, 1, -2) .. ',"payload":' .. @payload .. '}'
        if status then
          redis.call('ZADD', @log, id, message)
          local excess = redis.call('ZCARD', @log) - tonumber(@replayLength)
          if excess > 0 then
            local trimmed = redis.call('ZRANGE', @log, excess - 1, excess - 1, 'WITHSCORES')
            redis.call('HSET', @hash, 'trimmedTo', trimmed[2])
            redis.call('ZREMRANGEBYRANK', @log, 0, excess - 1)
          end
          touch()
          redis.call('PUBLISH', @channel, message)
        end
        if @toAll == '1' then redis.call('PUBLISH', @allChannel, message) end
        return id
        """);

    /// <summary>The streams whose trailing update is due, by Redis time.</summary>
    public static readonly LuaScript DueStreams = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        return redis.call('ZRANGEBYSCORE', @due, '-inf', now, 'LIMIT', 0, 500)
        """);
}
