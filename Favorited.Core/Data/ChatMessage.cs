namespace Favorited.Core.Data;

/// <summary>A chat message posted in a livestream. Deleting one by its host keeps the row, marked, out of history.</summary>
public sealed class ChatMessage
{
    /// <summary>
    /// From one identity sequence for every stream, so ids increase within each stream without being dense.
    /// </summary>
    /// <remarks>
    /// Why not a counter per stream (0, 1, 2 … in each): handing one out takes the stream's row lock, held until the durable
    /// commit, so one stream's messages would commit one at a time (a few hundred per second on two cores). A sequence's
    /// <c>nextval</c> takes no lock and is never rolled back, so concurrent posts to one stream commit together (group commit).
    /// The price: two posts that race may commit, and reach SSE, in the other order than their ids; clients order by id.
    /// </remarks>
    public long Id { get; set; }

    public Guid LivestreamId { get; set; }

    public required string UserId { get; set; }

    /// <summary>The author's display name when they posted.</summary>
    public required string DisplayName { get; set; }

    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    /// <summary>The user (the stream's host) who deleted it.</summary>
    public string? DeletedBy { get; set; }
}
