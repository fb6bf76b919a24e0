namespace Favorited.Core.LiveState;

public sealed class LiveStateOptions
{
    public const string SectionName = "LiveState";

    /// <summary>At most one viewer-count update per window per stream, unless the change is large.</summary>
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromSeconds(5);
}
