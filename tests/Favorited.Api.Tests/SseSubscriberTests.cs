using System.IO.Pipelines;
using Favorited.Api.LiveUpdates;
using StackExchange.Redis;

namespace Favorited.Api.Tests;

/// <summary>The subscriber against a response that fails the ways Kestrel's and TestServer's do when the client leaves.</summary>
public sealed class SseSubscriberTests
{
    private static readonly SseFrame Event = new(1, "id: 1\nevent: x\ndata: {}\n\n"u8.ToArray());

    [Theory]
    [InlineData(typeof(OperationCanceledException), true)] // Kestrel: the request's token is cancelled before ClientLeft runs
    [InlineData(typeof(IOException), false)] // TestServer: the body is completed before the token is cancelled
    [InlineData(typeof(InvalidOperationException), false)] // writing after the response completed
    public void AWriteToAResponseTheClientLeftEndsTheStreamInsteadOfThrowingAtThePublisher(Type failure, bool onFlush)
    {
        var writer = new FailingWriter((Exception)Activator.CreateInstance(failure)!, onFlush);
        var subscriber = NewSubscriber();
        subscriber.Start(writer, sentId: 0, CancellationToken.None);

        writer.Fail = true;
        var offered = subscriber.Offer(Event);
        subscriber.OfferIfIdle(StreamEventFrames.Heartbeat);

        Assert.True(offered);
        Assert.True(subscriber.Ended.IsCompletedSuccessfully);
        Assert.True(subscriber.StopWritingAsync().IsCompletedSuccessfully);
        Assert.Equal(onFlush ? 1 : 0, writer.Writes);
        // Start's flush, then the event's where its write went through; nothing after the stream ended.
        Assert.Equal(onFlush ? 2 : 1, writer.FlushAttempts);
    }

    [Fact]
    public void AFlushThatThrowsInStartEndsTheStream()
    {
        var writer = new FailingWriter(new OperationCanceledException(), onFlush: true) { Fail = true };
        var subscriber = NewSubscriber();
        Assert.True(subscriber.Offer(Event)); // waits in the backlog: the opening is not sent yet

        subscriber.Start(writer, sentId: 0, CancellationToken.None);

        Assert.True(subscriber.Ended.IsCompletedSuccessfully);
    }

    private static SseSubscriber NewSubscriber() =>
        new(hub: null!, new HubTopic(RedisChannel.Literal("test"), Guid.NewGuid()), capacity: 4, viewerId: null);

    /// <summary>Accepts writes and completes flushes at once until told to fail, then throws as the response it stands for.</summary>
    private sealed class FailingWriter(Exception failure, bool onFlush) : PipeWriter
    {
        private readonly byte[] _buffer = new byte[4096];

        public bool Fail { get; set; }
        public int Writes { get; private set; }
        public int FlushAttempts { get; private set; }

        public override void Advance(int bytes) => Writes++;

        public override Memory<byte> GetMemory(int sizeHint = 0) => !onFlush && Fail ? throw failure : _buffer;

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            FlushAttempts++;
            return Fail && onFlush ? throw failure : ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));
        }

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}
