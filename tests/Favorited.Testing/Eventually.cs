namespace Favorited.Testing;

/// <summary>Waits for an asynchronous effect (a webhook applied, an event delivered) with a deadline.</summary>
public static class Eventually
{
    /// <returns>The first probed value that satisfies <paramref name="done"/>.</returns>
    /// <exception cref="TimeoutException">With the last value seen, when the deadline passes first.</exception>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}; last saw: {value}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
