using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.Livestreams;
using Favorited.Core.LiveState;
using System.Diagnostics;
using System.Text.Json;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Livestreams;

public static class LivestreamsApi
{
    public static RouteGroupBuilder MapLivestreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams").WithTags("Livestreams");

        api.MapPost("/", CreateLivestream).RequireAuthorization(Policies.Account).RequireRateLimiting(RateLimits.Create);
        // A page is sent as bytes (kept or made once), which say nothing about their type.
        api.MapGet("/", ListLivestreams).RequireAuthorization(Policies.Anyone).Produces<ListResponse<LivestreamResponse>>();
        api.MapGet("/{id}", GetLivestream).RequireAuthorization(Policies.Anyone);
        api.MapDelete("/{id}", DeleteLivestream).RequireAuthorization(Policies.Account).RequireRateLimiting(RateLimits.Write);

        return api;
    }

    /// <summary>Editing needs to know who is calling, so it is there only with accounts (as invites are).</summary>
    public static RouteHandlerBuilder MapLivestreamEditing(this IEndpointRouteBuilder app) =>
        app.MapPatch("/api/v1/livestreams/{id}", EditLivestream).WithTags("Livestreams")
            .RequireAuthorization(Policies.Account).RequireRateLimiting(RateLimits.Write);

    /// <summary>
    /// The creator edits an active stream (<see cref="LivestreamLifecycle.EditAsync"/>); its watchers and the list page hear
    /// <c>stream_updated</c> with the stream as this answers it.
    /// </summary>
    public static async Task<Results<Ok<DataResponse<LivestreamResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> EditLivestream(string id,
        UpdateLivestreamRequest? request, ClaimsPrincipal user, Callers callers, FavoritedDbContext db, LivestreamLifecycle lifecycle,
        LivestreamListCache listCache, IStreamAnnouncer announcer, CancellationToken ct)
    {
        if (request is null)
        {
            return ApiError.Validation("Request body is required");
        }
        if (request.Validate() is { } problem)
        {
            return ApiError.Validation(problem);
        }
        var caller = callers.Identify(user, namedUserId: null)!;
        if (await LivestreamAccess.FindVisibleAsync(db, id, caller.Id, ct) is not { } stream)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (stream.CreatedBy != caller.Id)
        {
            return ApiError.Forbidden("Only the creator of the livestream can edit it");
        }

        var edit = await lifecycle.EditAsync(stream, request.ToChanges(), ct);
        if (edit is LivestreamEdited)
        {
            listCache.Invalidate();
            await announcer.AnnounceToListTooAsync(stream, StreamEvents.StreamUpdated, stream.ToResponse());
        }
        return edit switch
        {
            LivestreamEdited(var edited) => TypedResults.Ok(new DataResponse<LivestreamResponse>(edited.ToResponse())),
            StreamNotEditable(var ended) => ApiError.Conflict($"Livestream is {ended.Status.Label()} and can no longer be edited"),
            RoomNotUpdated(var error) => ApiError.LiveKit($"Failed to update the LiveKit room: {error.Message}"),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>Creates the stream and its LiveKit room (<see cref="LivestreamLifecycle.CreateAsync"/>).</summary>
    public static async Task<Results<Created<DataResponse<LivestreamResponse>>, BadRequest<ErrorResponse>, Conflict<ErrorResponse>,
        EnvelopeError<Status403>, EnvelopeError<Status502>>> CreateLivestream(CreateLivestreamRequest? request, ClaimsPrincipal user,
        Callers callers, LivestreamLifecycle lifecycle, LivestreamListCache listCache, CancellationToken ct)
    {
        if (request is null)
        {
            return ApiError.Validation("Request body is required");
        }
        if (request.Validate(callers.BodyNamesCaller) is { } problem)
        {
            return ApiError.Validation(problem);
        }
        if (callers.Identify(user, request.CreatedBy) is not { } creator)
        {
            return ApiError.Forbidden("createdBy must be the signed-in user");
        }

        LivestreamCreation creation;
        try
        {
            creation = await lifecycle.CreateAsync(request.ToLivestream(creator.Id), creator.DisplayName, ct);
        }
        finally
        {
            listCache.Invalidate();
        }
        return creation switch
        {
            LivestreamCreated(var stream) => TypedResults.Created($"/api/v1/livestreams/{stream.Id}",
                new DataResponse<LivestreamResponse>(stream.ToResponse())),
            RoomNameTaken(var roomName) => ApiError.Conflict($"A livestream with room name '{roomName}' is already active"),
            RoomNotCreated(_, var error) => ApiError.LiveKit($"Failed to create LiveKit room: {error.Message}"),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// A page, newest first. Pages are served from <see cref="LivestreamListCache"/> for a moment unless the request says
    /// <c>Cache-Control: no-cache</c>.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, BadRequest<ErrorResponse>>> ListLivestreams(string? status, string? createdBy,
        string? limit, string? offset, HttpRequest request, ClaimsPrincipal user, Callers callers, LivestreamListCache cache,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var page = Paging.Parse(limit, offset);
        if (page.Error is not null)
        {
            return ApiError.Validation(page.Error);
        }
        if (!Paging.TryParseFilter<LivestreamStatus>(status, out var statusFilter))
        {
            return ApiError.Validation(Paging.FilterError<LivestreamStatus>("status"));
        }

        // A guest creates nothing, so it sees what anonymous visitors see (and shares their cached pages).
        var viewer = callers.Optional(user) is { Kind: not CallerKind.Guest } caller ? caller.Id : null;
        var key = new ListPageKey(statusFilter, string.IsNullOrEmpty(createdBy) ? null : createdBy, page.Limit, page.Offset, viewer);
        if (request.GetTypedHeaders().CacheControl?.NoCache != true && cache.TryGet(key, out var cached))
        {
            return JsonBody.Of(cached);
        }

        var generation = cache.Generation;
        // Resolved here rather than as a parameter, so a page served from the cache does not rent a DbContext.
        var db = request.HttpContext.RequestServices.GetRequiredService<FavoritedDbContext>();
        var query = db.Livestreams.AsNoTracking().ListedFor(key.Viewer);
        if (key.Status is { } wanted)
        {
            query = query.Where(l => l.Status == wanted);
        }
        if (key.CreatedBy is { } creator)
        {
            query = query.Where(l => l.CreatedBy == creator);
        }
        var streams = await query
            .OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id)
            .Skip(key.Offset).Take(key.Limit)
            .ToListAsync(ct);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ListResponse<LivestreamResponse>([.. streams.Select(s => s.ToResponse())]), json.Value.SerializerOptions);
        cache.Store(key, generation, body);
        return JsonBody.Of(body);
    }

    public static async Task<Results<Ok<DataResponse<LivestreamResponse>>, NotFound<ErrorResponse>>> GetLivestream(string id,
        ClaimsPrincipal user, Callers callers, FavoritedDbContext db, CancellationToken ct)
    {
        var stream = Guid.TryParse(id, out var guid)
            ? await db.Livestreams.AsNoTracking().Where(l => l.Id == guid).VisibleTo(db, callers.Optional(user)?.Id).SingleOrDefaultAsync(ct)
            : null;
        return stream is null
            ? ApiError.LivestreamNotFound(id)
            : TypedResults.Ok(new DataResponse<LivestreamResponse>(stream.ToResponse()));
    }

    /// <summary>
    /// Only the creator may end a stream (also when it already ended: the original let anyone "end" an ended stream).
    /// Ending is a soft delete (<see cref="LivestreamLifecycle.EndAsync"/>); it is idempotent.
    /// </summary>
    public static async Task<Results<Ok<MessageDataResponse<LivestreamResponse>>, BadRequest<ErrorResponse>,
        EnvelopeError<Status403>, NotFound<ErrorResponse>>> DeleteLivestream(string id, [FromBody] DeleteLivestreamRequest? request,
        ClaimsPrincipal user, Callers callers, FavoritedDbContext db, LivestreamLifecycle lifecycle, LivestreamListCache listCache,
        CancellationToken ct)
    {
        if (callers.BodyNamesCaller && string.IsNullOrWhiteSpace(request?.RequestingUserId))
        {
            return ApiError.Validation("requestingUserId is required in request body");
        }
        if (callers.Identify(user, request?.RequestingUserId) is not { } caller)
        {
            return ApiError.Forbidden("requestingUserId must be the signed-in user");
        }
        if (await LivestreamAccess.FindVisibleAsync(db, id, caller.Id, ct) is not { } stream)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (stream.CreatedBy != caller.Id)
        {
            return ApiError.Forbidden("Only the creator of the livestream can delete it");
        }

        try
        {
            await lifecycle.EndAsync(stream);
        }
        finally
        {
            listCache.Invalidate();
        }
        return TypedResults.Ok(new MessageDataResponse<LivestreamResponse>("Livestream deleted successfully", stream.ToResponse()));
    }
}
