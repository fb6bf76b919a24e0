using System.Globalization;
using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Livestreams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// Live state: read once (<c>/state</c>, one stream's or several at a time), or followed over Server-Sent Events (one
/// stream's <c>/events</c>, as the original, and every stream's notices for the list page). An event stream counts once
/// against the general rate limit when it connects, and holds one of its client's and one of the server's open-stream
/// permits until it ends (<see cref="RateLimits.EventStreams"/>).
/// </summary>
public static class LiveUpdatesApi
{
    private const string EventStream = "text/event-stream";

    public static RouteGroupBuilder MapLiveUpdatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams").WithTags("Livestreams").RequireAuthorization(Policies.Anyone);

        // A literal segment outranks "{id}", so these are not "get livestream 'state'" or "'events'".
        api.MapGet("/state", GetStates);
        api.MapGet("/{id}/state", GetState);
        api.MapGet("/events", GetAllStreamEvents)
            .RequireRateLimiting(RateLimits.EventStreams)
            .Produces<string>(StatusCodes.Status200OK, EventStream)
            .Produces<ErrorResponse>(StatusCodes.Status429TooManyRequests);
        api.MapGet("/{id}/events", GetStreamEvents)
            .RequireRateLimiting(RateLimits.EventStreams)
            .Produces<string>(StatusCodes.Status200OK, EventStream)
            .Produces<ErrorResponse>(StatusCodes.Status429TooManyRequests)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);

        return api;
    }

    /// <summary>The live state from Redis; a Redis failure is a 503, not "not found" as in the original.</summary>
    public static async Task<Results<Ok<DataResponse<StreamState>>, NotFound<ErrorResponse>>> GetState(string id, ClaimsPrincipal user,
        Callers callers, LiveStateStore liveState, HttpContext context)
    {
        var state = Guid.TryParse(id, out var guid) ? await liveState.GetAsync(guid) : null;
        return state is null || !await MayWatchAsync(state, callers.Optional(user), context)
            ? StateNotFound()
            : TypedResults.Ok(new DataResponse<StreamState>(state));
    }

    /// <summary>
    /// The live state of several streams in one request (<c>?ids=a,b,c</c>), so a list page costs one call, not one per
    /// card, against the rate limit. Streams without live state are left out; the order is the request's.
    /// </summary>
    public static async Task<Results<Ok<ListResponse<StreamState>>, BadRequest<ErrorResponse>>> GetStates(string? ids, ClaimsPrincipal user,
        Callers callers, LiveStateStore liveState)
    {
        var requested = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.Length == 0)
        {
            return ApiError.Validation("ids is required: comma-separated livestream ids");
        }
        if (requested.Length > Paging.MaxLimit)
        {
            return ApiError.Validation($"ids may name at most {Paging.MaxLimit} livestreams");
        }
        var streamIds = new List<Guid>(requested.Length);
        foreach (var id in requested)
        {
            if (!Guid.TryParse(id, out var streamId))
            {
                return ApiError.Validation($"ids must be livestream ids; '{id}' is not one");
            }
            streamIds.Add(streamId);
        }

        var states = await Task.WhenAll(streamIds.Distinct().Select(id => liveState.GetAsync(id)));
        // As in lists, a private stream is its creator's alone here.
        var caller = callers.Optional(user)?.Id;
        return TypedResults.Ok(new ListResponse<StreamState>([.. states.OfType<StreamState>()
            .Where(state => state.PrivateTo is null || state.PrivateTo == caller)]));
    }

    /// <summary>
    /// <c>state</c> (id = the last event's), then each later event; after <c>room_ended</c> the response ends. With
    /// <c>Last-Event-ID</c>, the announcements after it come before the state (<see cref="StreamEventFrames.Replay"/>). An ended
    /// stream gets <c>state</c> and <c>room_ended</c> at once, or 204 (which stops EventSource reconnecting) when the
    /// client's <c>Last-Event-ID</c> shows it already had them.
    /// </summary>
    public static async Task<IResult> GetStreamEvents(string id, HttpRequest request, ClaimsPrincipal user, Callers callers,
        StreamEventHub hub, LiveStateStore liveState, StreamEventFrames frames)
    {
        if (!Guid.TryParse(id, out var streamId))
        {
            return StateNotFound();
        }

        // The opening's reads get a span of their own that ends before the stream does: the Redis instrumentation keeps
        // every command of a span that is still running, and the request's runs as long as the stream.
        using var openingSpan = ApiTracing.Source.StartActivity("open event stream");
        openingSpan?.SetTag("favorited.stream_id", streamId);
        // Subscribed before the state is read: whatever happens in between is in the state or comes as an event.
        var subscriber = await hub.SubscribeAsync(streamId);
        try
        {
            var lastEventId = LastEventId(request);
            var (state, replay) = await liveState.GetAsync(streamId, replayAfter: lastEventId);
            if (state is null || !await MayWatchAsync(state, callers.Optional(user), request.HttpContext))
            {
                subscriber.Dispose();
                return StateNotFound();
            }

            var ended = state.Status == LivestreamStatus.Ended;
            if (ended && lastEventId >= state.LastEventId)
            {
                subscriber.Dispose();
                return TypedResults.NoContent();
            }
            // A reconnecting client gets the announcements it missed (chat, stage, edits), then the state, which covers the
            // live state's own changes.
            byte[] opening =
            [
                .. StreamEventFrames.Opening,
                .. StreamEventFrames.Replay(replay),
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
    public static async Task<IResult> GetAllStreamEvents(ClaimsPrincipal user, Callers callers, StreamEventHub hub) =>
        new ServerSentEventsResult(await hub.SubscribeAllAsync(callers.Optional(user)?.Id), StreamEventFrames.Opening, sentId: 0);

    /// <summary>
    /// A public stream's live state is anyone's; a private one's is its creator's and the invited's, and to anyone else it
    /// does not exist. Only a private stream costs a database read.
    /// </summary>
    private static async Task<bool> MayWatchAsync(StreamState state, Caller? caller, HttpContext context) =>
        state.PrivateTo is null
        || await LivestreamAccess.CanSeeAsync(context.RequestServices.GetRequiredService<FavoritedDbContext>(), state.StreamId,
            caller?.Id, context.RequestAborted);

    private static NotFound<ErrorResponse> StateNotFound() => ApiError.NotFound("Stream state not found");

    /// <returns>The client's <c>Last-Event-ID</c>; null on a first connection (nothing to replay).</returns>
    private static long? LastEventId(HttpRequest request) =>
        long.TryParse(request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
