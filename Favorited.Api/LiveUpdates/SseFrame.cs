namespace Favorited.Api.LiveUpdates;

/// <summary>Bytes ready for the wire, shared by every subscriber that gets them.</summary>
/// <param name="Id">The stream's event id, or 0 for frames without one (heartbeats, list-page events).</param>
/// <param name="Final">The stream is over: the response ends once this frame is written.</param>
/// <param name="CarriesState">
/// Its data is the stream's live state as of <paramref name="Id"/> (not an announcement): a subscriber skips it only when it
/// already had a state at least that new, even if an announcement with that id came first (a resync after a lost
/// subscription replays the announcements, then sends the state).
/// </param>
public readonly record struct SseFrame(long Id, byte[] Bytes, bool Final = false, bool CarriesState = false);
