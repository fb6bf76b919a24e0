using System.Globalization;
using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.Core.LiveState;

/// <summary>
/// Live state per stream in Redis: a hash (status, start, host, peak, event id, throttle), three sets
/// (connected hosts, connected viewers, every viewer seen), each identity's last applied version, and the replay log of the
/// latest announcements (a sorted set by event id). Counts are derived from the sets and each change
/// is one Lua script (see <see cref="LiveStateScripts"/>) that also publishes its event, so a replayed or
/// reordered change can neither inflate a count nor lose an event. Every key lives 24 h after the last change.
/// </summary>
public sealed class LiveStateStore(IConnectionMultiplexer redis, IOptions<LiveStateOptions> options)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Starts the state of a stream that just went LIVE (idempotent: counts already there stay).</summary>
    /// <param name="isPrivate">A private stream's events reach the all-streams feed of its creator (<paramref name="hostUserId"/>) only.</param>
    public async Task InitializeAsync(Guid streamId, DateTime startedAt, string hostUserId, string hostDisplayName, bool isPrivate = false)
    {
        var keys = new Keys(streamId);
        var batch = Db.CreateTransaction();
        HashEntry[] fields =
        [
            new("status", LivestreamStatus.Live.Label()),
            new("startedAt", startedAt.ToString("O", CultureInfo.InvariantCulture)),
            new("hostUserId", hostUserId),
            new("hostDisplayName", hostDisplayName),
        ];
        _ = batch.HashSetAsync(keys.Hash, isPrivate ? [.. fields, new("privateTo", hostUserId)] : fields);
        _ = batch.HashSetAsync(keys.Hash, "peak", 0, When.NotExists);
        _ = batch.KeyExpireAsync(keys.Hash, Ttl);
        await batch.ExecuteAsync();
    }

    /// <returns>The state, or null when the stream has none (never started, or expired).</returns>
    public async Task<StreamState?> GetAsync(Guid streamId) => (await GetAsync(streamId, replayAfter: null)).State;

    /// <summary>
    /// The state and, read with it, the announcements after <paramref name="replayAfter"/> (an SSE client's last event id)
    /// up to the state's last event, oldest first; with null, none.
    /// </summary>
    public async Task<(StreamState? State, StreamReplay Replay)> GetAsync(Guid streamId, long? replayAfter)
    {
        var keys = new Keys(streamId);
        // One MULTI/EXEC, so no script runs between the reads.
        var reads = Db.CreateTransaction();
        var hash = reads.HashGetAllAsync(keys.Hash);
        var hosts = reads.SetMembersAsync(keys.Hosts);
        var viewers = reads.SetMembersAsync(keys.Viewers);
        var seen = reads.SetLengthAsync(keys.Seen);
        var log = replayAfter is { } after
            ? reads.SortedSetRangeByScoreAsync(keys.Log, after, double.PositiveInfinity, Exclude.Start)
            : Task.FromResult<RedisValue[]>([]);
        await reads.ExecuteAsync();
        var fields = (await hash).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        if (fields.Count == 0)
        {
            return (null, StreamReplay.None);
        }
        var replay = replayAfter is { } from
            ? new StreamReplay([.. (await log).Select(m => StreamEvents.Parse(m)).OfType<StreamEventNotice>()],
                Incomplete: from < ReadInt(fields, "trimmedTo"))
            : StreamReplay.None;
        return (ReadState(streamId, fields, await hosts, await viewers, await seen), replay);
    }

    /// <summary>
    /// Announces a change to the stream's SSE subscribers (and, with <paramref name="toAllStreams"/>, the list page's): a
    /// chat message, a stage change, an edit. <paramref name="payload"/> is the event's data, a JSON object. Made after the
    /// change is committed; kept for clients that reconnect (<see cref="LiveStateOptions.ReplayLength"/>).
    /// </summary>
    /// <param name="status">The stream's status, said when it has no live state (never started).</param>
    /// <param name="privateTo">A private stream's creator, said when it has no live state.</param>
    /// <returns>The event id; 0 when the stream has no live state.</returns>
    public async Task<long> AnnounceAsync(Guid streamId, string type, string payload, bool toAllStreams = false,
        LivestreamStatus status = LivestreamStatus.Scheduled, string? privateTo = null) =>
        await RunAsync(LiveStateScripts.Announce, streamId, type: type, payload: payload, toAll: toAllStreams ? "1" : "0",
            status: status.Label(), privateTo: privateTo ?? "");

    private static StreamState ReadState(Guid streamId, Dictionary<string, string> fields, RedisValue[] hosts, RedisValue[] viewers,
        long seen)
    {

        var viewerNames = viewers.Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();
        return new StreamState(
            streamId,
            fields.GetValueOrDefault("status") == LivestreamStatus.Ended.Label() ? LivestreamStatus.Ended : LivestreamStatus.Live,
            [.. hosts.Select(h => h.ToString()).Order(StringComparer.Ordinal), .. viewerNames],
            fields.TryGetValue("startedAt", out var started)
                ? DateTime.Parse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : null,
            viewerNames.Count,
            (int)seen,
            ReadInt(fields, "peak"),
            new HostInfo(fields.GetValueOrDefault("hostUserId", ""), fields.GetValueOrDefault("hostDisplayName", "")))
        {
            LastEventId = ReadInt(fields, "seq"),
            PrivateTo = fields.GetValueOrDefault("privateTo"),
        };
    }

    /// <summary>A participant is connected; a host's display name becomes the host info's.</summary>
    /// <param name="version">
    /// The change's version (<see cref="LiveStateVersions"/>): dropped when this identity already has one at least as new;
    /// 0 always applies.
    /// </param>
    /// <returns>Whether the stream is LIVE and the change applied.</returns>
    public async Task<bool> ParticipantConnectedAsync(Guid streamId, string identity, ParticipantRole role, string displayName = "",
        long version = 0) =>
        await RunAsync(LiveStateScripts.Connect, streamId, identity: identity,
            role: role.Label(), displayName: displayName, version: version) >= 0;

    /// <param name="seenViewer">
    /// The identity did connect as a viewer, though it is not connected now (its leave was reported first, or a replay
    /// finds both reports applied): it counts among the viewers ever seen.
    /// </param>
    /// <param name="version">As for <see cref="ParticipantConnectedAsync"/>.</param>
    /// <returns>Whether the stream is LIVE and the change applied.</returns>
    public async Task<bool> ParticipantDisconnectedAsync(Guid streamId, string identity, bool seenViewer = false, long version = 0) =>
        await RunAsync(LiveStateScripts.Disconnect, streamId, identity: identity, seenViewer: seenViewer ? "1" : "0",
            version: version) >= 0;

    /// <summary>A participant's role changed: a connected one moves between the hosts and the viewers, and counts follow.</summary>
    /// <param name="version">As for <see cref="ParticipantConnectedAsync"/>.</param>
    /// <returns>Whether the stream is LIVE and the change applied.</returns>
    public async Task<bool> ParticipantRoleChangedAsync(Guid streamId, string identity, ParticipantRole role, long version = 0) =>
        await RunAsync(LiveStateScripts.ChangeRole, streamId, identity: identity, role: role.Label(), version: version) >= 0;

    /// <summary>Replaces who is connected, e.g. with what LiveKit reports; counts follow the sets.</summary>
    /// <param name="version">
    /// The stream's last committed version when the sets were read, under its row lock: participant changes up to it are
    /// in the sets, so they are dropped from then on; 0 leaves versions alone.
    /// </param>
    public async Task<bool> ReplaceConnectedAsync(Guid streamId, IReadOnlyCollection<string> hosts, IReadOnlyCollection<string> viewers,
        long version = 0) =>
        await RunAsync(LiveStateScripts.Replace, streamId,
            hostsJson: JsonSerializer.Serialize(hosts), viewersJson: JsonSerializer.Serialize(viewers), version: version) >= 0;

    /// <summary>Marks the stream ENDED and publishes <c>room_ended</c>; the counts stay as they were.</summary>
    /// <returns>True when this call ended it; false when it had no state or had already ended.</returns>
    public async Task<bool> EndAsync(Guid streamId) => await RunAsync(LiveStateScripts.End, streamId) == 1;

    /// <summary>Publishes <c>room_started</c> with the current state, when the stream is LIVE.</summary>
    public async Task<bool> PublishStartedAsync(Guid streamId) => await RunAsync(LiveStateScripts.Started, streamId) == 1;

    /// <summary>Sends every trailing viewer-count update that is due. Safe to run in several processes at once.</summary>
    /// <returns>How many updates were sent.</returns>
    public async Task<int> FlushDueCountsAsync()
    {
        var due = (RedisValue[]?)await Db.ScriptEvaluateAsync(LiveStateScripts.DueStreams, new { due = (RedisKey)RedisKeys.ThrottleDue }) ?? [];
        var sent = 0;
        foreach (var member in due)
        {
            if (Guid.TryParse(member.ToString(), out var streamId))
            {
                sent += (int)await RunAsync(LiveStateScripts.Flush, streamId);
            }
            else
            {
                await Db.SortedSetRemoveAsync(RedisKeys.ThrottleDue, member);
            }
        }
        return sent;
    }

    private async Task<long> RunAsync(LuaScript script, Guid streamId, string identity = "", string role = "",
        string displayName = "", string hostsJson = "[]", string viewersJson = "[]", string seenViewer = "0",
        long version = 0, string type = "", string payload = "{}", string toAll = "0", string status = "", string privateTo = "")
    {
        var keys = new Keys(streamId);
        var result = await Db.ScriptEvaluateAsync(script, new ScriptArguments
        {
            hash = keys.Hash, hosts = keys.Hosts, viewers = keys.Viewers, seen = keys.Seen, versions = keys.Versions, log = keys.Log,
            due = RedisKeys.ThrottleDue,
            streamId = streamId.ToString(), channel = RedisKeys.StreamEventsChannel(streamId), allChannel = RedisKeys.AllStreamEventsChannel,
            ttl = (long)Ttl.TotalSeconds, window = (long)options.Value.ThrottleWindow.TotalMilliseconds,
            identity = identity, role = role, displayName = displayName, hostsJson = hostsJson, viewersJson = viewersJson,
            seenViewer = seenViewer, version = version, type = type, payload = payload, toAll = toAll, status = status,
            privateTo = privateTo, replayLength = options.Value.ReplayLength,
        });
        return (long)result;
    }

    private static int ReadInt(Dictionary<string, string> fields, string name) =>
        int.Parse(fields.GetValueOrDefault(name, "0"), CultureInfo.InvariantCulture);

#pragma warning disable IDE1006 // Lua parameter names
    private sealed class ScriptArguments
    {
        public RedisKey hash { get; init; }
        public RedisKey hosts { get; init; }
        public RedisKey viewers { get; init; }
        public RedisKey seen { get; init; }
        public RedisKey versions { get; init; }
        public RedisKey log { get; init; }
        public RedisKey due { get; init; }
        public required string streamId { get; init; }
        public required string channel { get; init; }
        public required string allChannel { get; init; }
        public long ttl { get; init; }
        public long window { get; init; }
        public required string identity { get; init; }
        public required string role { get; init; }
        public required string displayName { get; init; }
        public required string hostsJson { get; init; }
        public required string viewersJson { get; init; }
        public required string seenViewer { get; init; }
        public long version { get; init; }
        public required string type { get; init; }
        public required string payload { get; init; }
        public required string toAll { get; init; }
        public required string status { get; init; }
        public required string privateTo { get; init; }
        public long replayLength { get; init; }
    }
#pragma warning restore IDE1006

    private readonly record struct Keys(Guid StreamId)
    {
        private string Prefix => RedisKeys.LiveState(StreamId);
        public RedisKey Hash => Prefix;
        public RedisKey Hosts => $"{Prefix}:hosts";
        public RedisKey Viewers => $"{Prefix}:viewers";
        public RedisKey Seen => $"{Prefix}:seen";
        public RedisKey Versions => $"{Prefix}:versions";
        public RedisKey Log => $"{Prefix}:log";
    }
}
