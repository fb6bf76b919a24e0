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

    /// <summary>Event streams one client (a signed-in account; a guest or anonymous caller by address) may hold open at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerClient { get; set; } = 20;

    /// <summary>Event streams this process holds open at once: the 20,000 subscribers one Api serves, and a quarter more.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 25_000;

    /// <summary>The <c>Retry-After</c> of an event stream refused because a limit above is reached.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LimitRetryAfter { get; set; } = TimeSpan.FromSeconds(10);
}
