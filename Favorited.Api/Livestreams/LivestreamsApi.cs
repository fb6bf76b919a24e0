using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using System.Text.Json;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.Api.Livestreams;

public static class LivestreamsApi
{
    public static RouteGroupBuilder MapLivestreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams").WithTags("Livestreams");

        api.MapPost("/", CreateLivestream)
            .RequireRateLimiting(RateLimits.Create)
            .Produces<DataResponse<LivestreamResponse>>(StatusCodes.Status201Created)
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status409Conflict)
            .Produces<ErrorResponse>(StatusCodes.Status502BadGateway);
        api.MapGet("/", ListLivestreams)
            .Produces<ListResponse<LivestreamResponse>>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest);
        api.MapGet("/{id}", GetLivestream)
            .Produces<DataResponse<LivestreamResponse>>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeleteLivestream)
            .RequireRateLimiting(RateLimits.Write)
            .Produces<MessageDataResponse<LivestreamResponse>>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status403Forbidden)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);

        return api;
    }

    /// <summary>
    /// SCHEDULED row first (the unique index turns a second active stream of the same room into 409),
    /// then the LiveKit room, then LIVE. If LiveKit fails the stream is ERROR and no room is left behind.
    /// </summary>
    public static async Task<IResult> CreateLivestream(CreateLivestreamRequest? request, FavoritedDbContext db,
        RoomServiceClient liveKit, LiveStateStore liveState, LivestreamListCache listCache, TimeProvider timeProvider,
        ILogger<CreateLivestreamRequest> logger, CancellationToken ct)
    {
        if (request is null)
        {
            return ApiError.Validation("Request body is required");
        }
        if (request.Validate() is { } problem)
        {
            return ApiError.Validation(problem);
        }

        var stream = new Livestream
        {
            RoomName = RoomNames.Sanitize(request.RoomName!),
            Title = request.Title!,
            Description = request.Description,
            CreatedBy = request.CreatedBy!,
            MaxParticipants = request.MaxParticipants ?? Livestream.DefaultMaxParticipants,
            EmptyTimeout = request.EmptyTimeout ?? Livestream.DefaultEmptyTimeoutSeconds,
            Metadata = Infrastructure.Metadata.ToText(request.Metadata),
        };
        db.Livestreams.Add(stream);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolationOf(ConstraintNames.ActiveRoomName))
        {
            return ApiError.Conflict($"A livestream with room name '{stream.RoomName}' is already active");
        }
        listCache.Invalidate();

        // From here on the row holds its room name: whatever fails, the stream becomes ERROR (which frees the
        // name) and no room is left behind. The caller going away does not stop this.
        try
        {
            var room = await liveKit.CreateRoomAsync(new CreateRoomRequest
            {
                Name = stream.RoomName,
                EmptyTimeout = (uint)stream.EmptyTimeout,
                MaxParticipants = (uint)stream.MaxParticipants,
                Metadata = stream.Metadata,
            }, CancellationToken.None);
            stream.LivekitRoomSid = room.Sid;
            stream.StartedAt = timeProvider.GetUtcNow().UtcDateTime;
            await liveState.InitializeAsync(stream.Id, stream.StartedAt.Value, stream.CreatedBy, stream.CreatedBy);
            stream.Status = LivestreamStatus.Live;
            await db.SaveChangesAsync(CancellationToken.None);
            listCache.Invalidate();
        }
        catch (Exception ex)
        {
            Log.CreateFailed(logger, stream.RoomName, stream.Id, ex.Message);
            await MarkFailedAsync(db, stream, liveKit, roomReachable: ex is not LiveKitUnavailableException, logger);
            listCache.Invalidate();
            if (ex is LiveKitException liveKitError)
            {
                return ApiError.LiveKit($"Failed to create LiveKit room: {liveKitError.Message}");
            }
            throw;
        }

        return TypedResults.Created($"/api/v1/livestreams/{stream.Id}", new DataResponse<LivestreamResponse>(stream.ToResponse()));
    }

    /// <summary>
    /// A page, newest first. Pages are served from <see cref="LivestreamListCache"/> for a moment unless the request says
    /// <c>Cache-Control: no-cache</c>.
    /// </summary>
    public static async Task<IResult> ListLivestreams(string? status, string? createdBy, string? limit, string? offset,
        HttpRequest request, LivestreamListCache cache, IOptions<JsonOptions> json, CancellationToken ct)
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

        var key = new ListPageKey(statusFilter, string.IsNullOrEmpty(createdBy) ? null : createdBy, page.Limit, page.Offset);
        if (request.GetTypedHeaders().CacheControl?.NoCache != true && cache.TryGet(key, out var cached))
        {
            return JsonBody.Of(cached);
        }

        var generation = cache.Generation;
        // Resolved here rather than as a parameter, so a page served from the cache does not rent a DbContext.
        var db = request.HttpContext.RequestServices.GetRequiredService<FavoritedDbContext>();
        var query = db.Livestreams.AsNoTracking();
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

    public static async Task<IResult> GetLivestream(string id, FavoritedDbContext db, CancellationToken ct)
    {
        var stream = Guid.TryParse(id, out var guid)
            ? await db.Livestreams.AsNoTracking().SingleOrDefaultAsync(l => l.Id == guid, ct)
            : null;
        return stream is null
            ? ApiError.LivestreamNotFound(id)
            : TypedResults.Ok(new DataResponse<LivestreamResponse>(stream.ToResponse()));
    }

    /// <summary>
    /// Only the creator may end a stream (also when it already ended: the original let anyone "end" an
    /// ended stream). Ending is a soft delete; the LiveKit room goes, and a room already gone is fine.
    /// </summary>
    public static async Task<IResult> DeleteLivestream(string id, [FromBody] DeleteLivestreamRequest? request, FavoritedDbContext db,
        RoomServiceClient liveKit, LiveStateStore liveState, LivestreamListCache listCache, TimeProvider timeProvider,
        ILogger<DeleteLivestreamRequest> logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.RequestingUserId))
        {
            return ApiError.Validation("requestingUserId is required in request body");
        }
        var stream = Guid.TryParse(id, out var guid) ? await db.Livestreams.SingleOrDefaultAsync(l => l.Id == guid, ct) : null;
        if (stream is null)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (stream.CreatedBy != request.RequestingUserId)
        {
            return ApiError.Forbidden("Only the creator of the livestream can delete it");
        }

        // Room and live state are ended again on a repeat, so a retry after a partial failure completes the job.
        await TryDeleteRoomAsync(liveKit, stream.RoomName, logger);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (stream.Status != LivestreamStatus.Ended)
        {
            stream.Status = LivestreamStatus.Ended;
            stream.EndedAt = now;
            await db.SaveChangesAsync(CancellationToken.None);
            listCache.Invalidate();
        }
        // Deleting the room disconnected everyone; room_finished would say so too, but not if it is lost.
        await db.Participants.LeaveAllJoinedAsync(stream.Id, now, CancellationToken.None);
        await liveState.EndAsync(stream.Id);
        return TypedResults.Ok(new MessageDataResponse<LivestreamResponse>("Livestream deleted successfully", stream.ToResponse()));
    }

    private static async Task MarkFailedAsync(FavoritedDbContext db, Livestream stream, RoomServiceClient liveKit,
        bool roomReachable, ILogger logger)
    {
        stream.Status = LivestreamStatus.Error;
        stream.StartedAt = null;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The original failure is what the caller hears about; a stuck SCHEDULED row is reconciled later.
            Log.MarkErrorFailed(logger, stream.Id, ex.Message);
        }
        if (roomReachable)
        {
            // The call may have created the room before failing (a lost reply); leave nothing behind.
            await TryDeleteRoomAsync(liveKit, stream.RoomName, logger);
        }
    }

    private static async Task TryDeleteRoomAsync(RoomServiceClient liveKit, string room, ILogger logger)
    {
        try
        {
            await liveKit.DeleteRoomAsync(room, CancellationToken.None);
        }
        catch (LiveKitNotFoundException)
        {
            // Already gone: that is what we wanted.
        }
        catch (LiveKitException ex)
        {
            // Reconciliation ends what LiveKit still holds; the caller's answer does not wait for it.
            Log.DeleteRoomFailed(logger, room, ex.Message);
        }
    }
}
