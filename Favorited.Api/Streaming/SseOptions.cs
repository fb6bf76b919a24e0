namespace Favorited.Api.Streaming;

public sealed class SseOptions
{
    public const string SectionName = "Sse";

    /// <summary>How often every open event stream gets a <c>: heartbeat</c> comment, so proxies keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Frames a connection may have waiting; one that falls further behind is closed (the browser reconnects).</summary>
    public int SubscriberBufferSize { get; set; } = 16;
}
