namespace Favorited.Api.LiveUpdates;

/// <summary>Bytes ready for the wire, shared by every subscriber that gets them.</summary>
/// <param name="Id">The stream's event id, or 0 for frames without one (heartbeats, list-page events).</param>
/// <param name="Final">The stream is over: the response ends once this frame is written.</param>
public readonly record struct SseFrame(long Id, byte[] Bytes, bool Final = false);
