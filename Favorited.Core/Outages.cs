using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StackExchange.Redis;

namespace Favorited.Core;

/// <summary>
/// Whether a failure means PostgreSQL or Redis is away, restarting or overloaded, so the same call can succeed later: the
/// Api answers 503 with <c>Retry-After</c>, the webhook worker retries until it passes.
/// </summary>
public static class Outages
{
    /// <summary>Whether the error, or anything it wraps (see <see cref="ExceptionChain.Of"/>), is an outage.</summary>
    public static bool IsOutage(Exception error) => ExceptionChain.Of(error).Any(IsOutageItself);

    // NpgsqlException.IsTransient covers lost connections and the SQLSTATEs of shutdowns, overload, deadlocks and
    // serialization failures; RedisTimeoutException is a TimeoutException; EF Core gives up with RetryLimitExceededException.
    private static bool IsOutageItself(Exception error) => error switch
    {
        NpgsqlException { IsTransient: true } or RedisConnectionException or TimeoutException or SocketException
            or RetryLimitExceededException => true,
        RedisServerException redis => IsUnavailableReply(redis.Message),
        _ => false,
    };

    // The error replies of a Redis that cannot serve for now: loading its data, busy with a script, without its primary,
    // failing over (a replica is read-only), resharding or down as a cluster, or out of memory. Any other reply (WRONGTYPE,
    // a script's error) is a bug that retrying does not fix.
    private static readonly string[] UnavailableReplies = ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM"];

    private static bool IsUnavailableReply(string reply) => UnavailableReplies.Contains(reply.Split(' ', 2)[0], StringComparer.Ordinal);
}
