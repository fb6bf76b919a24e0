using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Favorited.Benchmarks.Load;

/// <summary>How a closed-loop run is bounded: connections each send their next request once the last one answered.</summary>
/// <param name="Warmup">Requests started before this much time has passed are sent but not counted.</param>
/// <param name="Duration">Measured time after the warm-up; the run also ends when the requests run out.</param>
public sealed record LoadPlan(int Connections, TimeSpan Warmup, TimeSpan Duration);

/// <param name="Completed">Requests counted (started after the warm-up) that got a success status.</param>
/// <param name="Succeeded">Every request that got a success status, the warm-up's too.</param>
/// <param name="Failures">Requests that failed (other status or an exception), the warm-up's too, with up to a few examples.</param>
/// <param name="Elapsed">From the end of the warm-up (or the first send) to the last response.</param>
public sealed record LoadResult(long Completed, long Succeeded, long Failures, IReadOnlyList<string> FailureExamples, TimeSpan Elapsed, Latency Latency)
{
    public double PerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// A closed-loop HTTP/1.1 load generator (like wrk): a fixed number of keep-alive connections, each sending one
/// request at a time. Latency is measured from sending a request to reading its whole response.
/// </summary>
public static class LoadGenerator
{
    private const int MaxFailureExamples = 5;

    /// <param name="nextRequest">The request with the given sequence number (0, 1, …), or null when there are no more.</param>
    /// <param name="isSuccess">Whether a status (and body) is a success; default: 2xx.</param>
    public static async Task<LoadResult> RunAsync(IPEndPoint server, LoadPlan plan, Func<long, byte[]?> nextRequest,
        Func<int, string?, bool>? isSuccess = null, bool readBodies = false, CancellationToken ct = default)
    {
        isSuccess ??= (status, _) => status is >= 200 and < 300;
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + (long)(plan.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(plan.Duration.TotalSeconds * Stopwatch.Frequency);
        long sequence = -1, completed = 0, succeeded = 0, failures = 0, lastResponse = measureFrom;
        var failureExamples = new ConcurrentQueue<string>();
        var samples = new List<long>[plan.Connections];

        void Fail(string example)
        {
            Interlocked.Increment(ref failures);
            if (failureExamples.Count < MaxFailureExamples)
            {
                failureExamples.Enqueue(example);
            }
        }

        async Task RunConnectionAsync(int index)
        {
            var mine = samples[index] = new List<long>(4096);
            HttpConnection? connection = null;
            try
            {
                while (Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested)
                {
                    var request = nextRequest(Interlocked.Increment(ref sequence));
                    if (request is null)
                    {
                        return;
                    }
                    var sent = Stopwatch.GetTimestamp();
                    var counted = sent >= measureFrom;
                    try
                    {
                        if (connection is null || connection.Closed)
                        {
                            connection?.Dispose();
                            connection = await HttpConnection.OpenAsync(server, ct);
                        }
                        var (status, body) = await connection.SendAsync(request, readBodies, ct);
                        var answered = Stopwatch.GetTimestamp();
                        if (!isSuccess(status, body))
                        {
                            Fail($"HTTP {status}: {Truncate(body)}");
                            continue;
                        }
                        Interlocked.Increment(ref succeeded);
                        if (counted)
                        {
                            InterlockedMax(ref lastResponse, answered);
                            Interlocked.Increment(ref completed);
                            mine.Add(answered - sent);
                        }
                    }
                    catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or FormatException)
                    {
                        connection?.Dispose();
                        connection = null;
                        Fail($"{ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
            finally
            {
                connection?.Dispose();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, plan.Connections).Select(i => Task.Run(() => RunConnectionAsync(i), ct)));
        var elapsed = Stopwatch.GetElapsedTime(Math.Min(measureFrom, lastResponse), lastResponse);
        return new LoadResult(completed, succeeded, failures, [.. failureExamples], elapsed, Latency.Of(samples.Where(s => s is not null).SelectMany(s => s)));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";
}
