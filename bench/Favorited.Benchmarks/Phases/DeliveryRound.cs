using System.Diagnostics;

namespace Favorited.Benchmarks.Phases;

/// <summary>
/// One event fanned out to every subscriber: when its webhook was sent, and when each subscriber read it. All of them
/// must read the same event id.
/// </summary>
internal sealed class DeliveryRound
{
    private readonly long[] _arrivedAt;
    private int _remaining;
    private long _eventId = -1;
    private int _wrongIds;

    public DeliveryRound(int subscriberSlots, int expected, long sentAt)
    {
        _arrivedAt = new long[subscriberSlots];
        _remaining = expected;
        SentAt = sentAt;
        if (expected == 0)
        {
            Done.TrySetResult();
        }
    }

    public long SentAt { get; set; }

    /// <summary>How long the server took to hand the event to every subscriber's socket, where it says (the bare endpoint).</summary>
    public double? ServerWriteMs { get; set; }

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Missing => Volatile.Read(ref _remaining);

    public int WrongIds => Volatile.Read(ref _wrongIds);

    public void Arrive(int subscriber, long eventId, long arrivedAt)
    {
        var first = Interlocked.CompareExchange(ref _eventId, eventId, -1);
        if (first != -1 && first != eventId)
        {
            Interlocked.Increment(ref _wrongIds);
        }
        _arrivedAt[subscriber] = arrivedAt;
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Done.TrySetResult();
        }
    }

    /// <summary>From sending the webhook to each subscriber reading the event, in <see cref="Stopwatch"/> ticks.</summary>
    public IEnumerable<long> Delays => _arrivedAt.Where(at => at != 0).Select(at => at - SentAt);
}
