using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>What a failure to apply a webhook says about trying again.</summary>
public enum WebhookFailure
{
    /// <summary>Postgres or Redis is away, restarting or overloaded: the entry stays pending and is retried until it applies.</summary>
    Transient,

    /// <summary>The entry can never apply (unreadable, or data the database refuses): it goes to the dead-letter stream at once.</summary>
    Permanent,

    /// <summary>Anything else (a bug, a conflict with a concurrent writer): retried a few times, then dead-lettered.</summary>
    Unexpected,
}

public static class WebhookFailures
{
    /// <summary>
    /// Classifies an error and everything it wraps (EF Core wraps Npgsql's errors in <c>DbUpdateException</c> or, when its own
    /// retries ran out, <c>RetryLimitExceededException</c>). An outage anywhere in the chain makes it transient.
    /// </summary>
    public static WebhookFailure Classify(Exception error)
    {
        var chain = Chain(error).ToList();
        if (chain.Any(IsOutage))
        {
            return WebhookFailure.Transient;
        }
        return chain.Any(IsRefusedForGood) ? WebhookFailure.Permanent : WebhookFailure.Unexpected;
    }

    // RedisTimeoutException is a TimeoutException; NpgsqlException.IsTransient covers lost connections and the SQLSTATEs of
    // shutdowns, overload, deadlocks and serialization failures.
    private static bool IsOutage(Exception error) =>
        error is NpgsqlException { IsTransient: true } or RedisException or TimeoutException or SocketException;

    // Class 22 is bad data, class 23 a broken constraint; a unique or exclusion violation is left out, since it usually means
    // a concurrent writer got there first and a retry finds its row.
    private static bool IsRefusedForGood(Exception error) => error switch
    {
        JsonException or InvalidDataException => true,
        PostgresException { SqlState: var state } => state.StartsWith("22", StringComparison.Ordinal)
            || (state.StartsWith("23", StringComparison.Ordinal)
                && state is not (PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation)),
        _ => false,
    };

    private static IEnumerable<Exception> Chain(Exception error)
    {
        yield return error;
        IEnumerable<Exception> inner = error is AggregateException aggregate
            ? aggregate.InnerExceptions
            : error.InnerException is { } wrapped ? [wrapped] : [];
        foreach (var cause in inner.SelectMany(Chain))
        {
            yield return cause;
        }
    }
}
