using System.ComponentModel.DataAnnotations;

namespace Favorited.Core.Chat;

/// <summary>Section <c>Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>The longest message, in characters (Unicode code points, as PostgreSQL's <c>char_length</c> counts them).</summary>
    [Range(1, 10_000)]
    public int MaxLength { get; set; } = 500;

    /// <summary>How many messages one user may post to one stream per <see cref="Window"/>.</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerWindow { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(5);
}
