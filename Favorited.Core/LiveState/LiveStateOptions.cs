using System.ComponentModel.DataAnnotations;

namespace Favorited.Core.LiveState;

public sealed class LiveStateOptions
{
    public const string SectionName = "LiveState";

    /// <summary>At most one viewer-count update per window per stream, unless the change is large.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromSeconds(5);
}
