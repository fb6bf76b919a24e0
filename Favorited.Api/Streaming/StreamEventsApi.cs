using System.Globalization;
using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.LiveState;

namespace Favorited.Api.Streaming;

/// <summary>
/// Live state over Server-Sent Events: one stream's (the original's <c>/events</c>) and every stream's notices for
/// the list page. Both count once against the general rate limit when they connect.
/// </summary>
public static class StreamEventsApi
{
    private const string EventStream = "text/event-stream";

    public static RouteGroupBuilder MapStreamEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams").WithTags("Livestreams");

        // A literal segment outranks "{id}", so this is not "get livestream 'events'".
        api.MapGet("/events", GetAllStreamEvents)
            .Produces<string>(StatusCodes.Status200OK, EventStream);
        api.MapGet("/{id}/events", GetStreamEvents)
            .Produces<string>(StatusCodes.Status200OK, EventStream)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);

        return api;
    }

    /// <summary>
    /// <c>state</c> (id = the last event's), then each later event; after <c>room_ended</c> the response ends. An ended
    /// stream gets <c>state</c> and <c>room_ended</c> at once, or 204 (which stops EventSource reconnecting) when the
    /// client's <c>Last-Event-ID</c> shows it already had them.
    /// </summary>
    public static async Task<IResult> GetStreamEvents(string id, HttpRequest request, StreamEventHub hub,
        LiveStateStore liveState, StreamEventFrames frames)
    {
        if (!Guid.TryParse(id, out var streamId))
        {
            return StateNotFound();
        }

        // Subscribed before the state is read: whatever happens in between is in the state or comes as an event.
        var subscriber = await hub.SubscribeAsync(streamId);
        try
        {
            var state = await liveState.GetAsync(streamId);
            if (state is null)
            {
                subscriber.Dispose();
                return StateNotFound();
            }

            var ended = state.Status == LivestreamStatus.Ended;
            if (ended && LastEventId(request) >= state.LastEventId)
            {
                subscriber.Dispose();
                return TypedResults.NoContent();
            }
            byte[] opening =
            [
                .. StreamEventFrames.Opening,
                .. frames.State(state.LastEventId, StreamEventFrames.StateEvent, state),
                .. ended ? frames.State(state.LastEventId, StreamEvents.RoomEnded, state) : [],
            ];
            return new ServerSentEventsResult(subscriber, opening, state.LastEventId, closeAfterOpening: ended);
        }
        catch
        {
            subscriber.Dispose();
            throw;
        }
    }

    /// <summary>Every stream's <c>room_started</c>, <c>viewer_count_update</c> and <c>room_ended</c>; never ends by itself.</summary>
    public static async Task<IResult> GetAllStreamEvents(StreamEventHub hub) =>
        new ServerSentEventsResult(await hub.SubscribeAllAsync(), StreamEventFrames.Opening, sentId: 0);

    private static IResult StateNotFound() => ApiError.NotFound("Stream state not found");

    private static long LastEventId(HttpRequest request) =>
        long.TryParse(request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
}
