using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StackExchange.Redis;

namespace Favorited.Core;

/// <summary>
/// Whether a failure means PostgreSQL or Redis is away, restarting or overloaded, or Redis refuses a command, so the same
/// call can succeed later: the Api answers 503 with <c>Retry-After</c>, the webhook worker retries until it passes.
/// </summary>
public static class Outages
{
    /// <summary>Whether the error, or anything it wraps (see <see cref="ExceptionChain.Of"/>), is an outage.</summary>
    public static bool IsOutage(Exception error) => ExceptionChain.Of(error).Any(IsOutageItself);

    // NpgsqlException.IsTransient covers lost connections and the SQLSTATEs of shutdowns, overload, deadlocks and
    // serialization failures; EF Core gives up on those with RetryLimitExceededException. Any RedisException counts, an
    // error reply too (loading, out of memory, a command the server refuses), and RedisTimeoutException is a TimeoutException.
    private static bool IsOutageItself(Exception error) =>
        error is NpgsqlException { IsTransient: true } or RetryLimitExceededException
            or RedisException or TimeoutException or SocketException;
}
