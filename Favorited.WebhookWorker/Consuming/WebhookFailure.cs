using System.Text.Json;
using Favorited.Core;
using Favorited.Core.Data;
using Npgsql;

namespace Favorited.WebhookWorker.Consuming;

/// <summary>What a failure to apply a webhook says about trying again.</summary>
public enum WebhookFailure
{
    /// <summary>
    /// Postgres or Redis is away, restarting or overloaded, or Redis refuses a command (<see cref="Outages.IsOutage"/>): the
    /// entry stays pending and is retried until it applies.
    /// </summary>
    Transient,

    /// <summary>The entry can never apply (unreadable, or data the database refuses): it goes to the dead-letter stream at once.</summary>
    Permanent,

    /// <summary>Anything else (a bug, a conflict with a concurrent writer): retried a few times, then dead-lettered.</summary>
    Unexpected,
}

public static class WebhookFailures
{
    /// <summary>
    /// Classifies an error and everything it wraps (<see cref="ExceptionChain.Of"/>). An outage anywhere in the chain makes it
    /// transient.
    /// </summary>
    public static WebhookFailure Classify(Exception error)
    {
        if (Outages.IsOutage(error))
        {
            return WebhookFailure.Transient;
        }
        return ExceptionChain.Of(error).Any(IsRefusedForGood) ? WebhookFailure.Permanent : WebhookFailure.Unexpected;
    }

    // Class 22 is bad data, class 23 a broken constraint; a unique or exclusion violation is left out, since it usually means
    // a concurrent writer got there first and a retry finds its row.
    private static bool IsRefusedForGood(Exception error) => error switch
    {
        JsonException or InvalidDataException or UnstorableTextException => true,
        PostgresException { SqlState: var state } => state.StartsWith("22", StringComparison.Ordinal)
            || (state.StartsWith("23", StringComparison.Ordinal)
                && state is not (PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation)),
        _ => false,
    };
}
