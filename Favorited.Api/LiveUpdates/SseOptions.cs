using System.ComponentModel.DataAnnotations;

namespace Favorited.Api.LiveUpdates;

public sealed class SseOptions
{
    public const string SectionName = "Sse";

    /// <summary>How often every open event stream gets a <c>: heartbeat</c> comment, so proxies keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Frames a connection may have waiting; one that falls further behind is closed (the browser reconnects).</summary>
    [Range(1, 10_000)]
    public int SubscriberBufferSize { get; set; } = 16;
}
