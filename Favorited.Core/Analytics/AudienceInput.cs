namespace Favorited.Core.Analytics;

/// <summary>Everything the calculator needs about one stream, read at <see cref="AsOf"/>.</summary>
/// <param name="StartedAt">Time zero: the stream's <c>started_at</c>.</param>
/// <param name="AsOf">The end of the window: <c>ended_at</c> for an ended stream, the clock now for a live one.</param>
/// <param name="Live">True while the stream is live: <c>current</c> is the count at <see cref="AsOf"/>.</param>
/// <param name="Spans">Every non-empty span, already clamped to <c>[StartedAt, AsOf]</c>, in any order.</param>
/// <param name="Returning">Identities seen in an earlier stream of the same creator.</param>
/// <param name="ChatMessagesByUser">Chat messages posted in the stream per user id, deleted ones included.</param>
public sealed record AudienceInput(
    DateTime StartedAt,
    DateTime AsOf,
    bool Live,
    IReadOnlyList<AudienceSpan> Spans,
    IReadOnlySet<string> Returning,
    IReadOnlyDictionary<string, int> ChatMessagesByUser);
