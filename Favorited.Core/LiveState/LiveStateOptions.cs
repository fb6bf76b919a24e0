using System.ComponentModel.DataAnnotations;

namespace Favorited.Core.LiveState;

public sealed class LiveStateOptions
{
    public const string SectionName = "LiveState";

    /// <summary>At most one viewer-count update per window per stream, unless the change is large.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many of a stream's latest announcements (chat, stage, edits) are kept for SSE clients that reconnect with
    /// <c>Last-Event-ID</c>; one further behind is told to reload.
    /// </summary>
    [Range(1, 100_000)]
    public int ReplayLength { get; set; } = 1000;
}
