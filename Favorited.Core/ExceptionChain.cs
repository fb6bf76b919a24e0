namespace Favorited.Core;

public static class ExceptionChain
{
    /// <summary>
    /// The error and everything it wraps, outermost first: its inner exception or, for an <see cref="AggregateException"/>,
    /// each of its inner exceptions, and theirs in turn. EF Core, for one, wraps Npgsql's errors in <c>DbUpdateException</c>
    /// or, when its own retries ran out, <c>RetryLimitExceededException</c>.
    /// </summary>
    public static IEnumerable<Exception> Of(Exception error)
    {
        yield return error;
        IEnumerable<Exception> inner = error is AggregateException aggregate
            ? aggregate.InnerExceptions
            : error.InnerException is { } wrapped ? [wrapped] : [];
        foreach (var cause in inner.SelectMany(Of))
        {
            yield return cause;
        }
    }
}
