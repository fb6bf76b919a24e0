namespace Favorited.LocalServers;

/// <summary>
/// The persistence the Redis Favorited starts runs with: every write goes to the append-only file, which is fsynced before
/// Redis answers (<c>appendfsync always</c>). The Api acknowledges a webhook to LiveKit, which never sends it again, once
/// it is on the stream, so it must survive a crash or a power cut; with <c>everysec</c> about a second of acknowledged
/// webhooks could be lost. (WAITAOF would let each write wait for its fsync instead, but needs Redis 7.2; Debian 12 has 7.0.)
/// scripts/common.sh starts bench.sh's Redis with the same arguments.
/// </summary>
public static class RedisDurability
{
    public static readonly IReadOnlyList<string> ServerArguments = ["--appendonly", "yes", "--appendfsync", "always"];
}
