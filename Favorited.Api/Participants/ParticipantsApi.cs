using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Participants;

public static class ParticipantsApi
{
    public static RouteGroupBuilder MapParticipantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams/{id}").WithTags("Participants");

        api.MapPost("/join", Join)
            .RequireRateLimiting(RateLimits.Write)
            .Produces<DataResponse<JoinResponse>>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status403Forbidden)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<ErrorResponse>(StatusCodes.Status409Conflict);
        api.MapPost("/leave", Leave)
            .RequireRateLimiting(RateLimits.Write)
            .Produces<MessageResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        api.MapGet("/participants", ListParticipants)
            .Produces<ListResponse<ParticipantResponse>>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest);

        return api;
    }

    /// <summary>
    /// Records a JOINED session and hands out a LiveKit join token. Only the creator may be HOST;
    /// a viewer's token cannot publish. The database allows one JOINED row per user and stream.
    /// </summary>
    public static async Task<IResult> Join(string id, JoinRequest? request, FavoritedDbContext db,
        AccessTokenIssuer tokens, IOptions<LiveKitOptions> liveKit, TimeProvider timeProvider, CancellationToken ct)
    {
        if (request is null)
        {
            return ApiError.Validation("User ID is required");
        }
        var (role, problem) = request.Validate();
        if (problem is not null)
        {
            return ApiError.Validation(problem);
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }

        var participant = new Participant
        {
            LivestreamId = streamId,
            UserId = request.UserId!,
            DisplayName = request.DisplayName!,
            Role = role!.Value,
            Metadata = Infrastructure.Metadata.ToText(request.Metadata),
            JoinedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        var attempt = await JoinStatement.TryInsertAsync(db, participant, ct);
        if (attempt is null)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (attempt.Status != LivestreamStatus.Live)
        {
            return ApiError.Validation($"Cannot join livestream with status {attempt.Status.Label()}. Livestream must be LIVE.");
        }
        if (!attempt.Inserted)
        {
            // Not inserted into a LIVE stream: already joined (said first, as the original checked that first), or an impostor host.
            var impostor = role == ParticipantRole.Host && attempt.CreatedBy != request.UserId;
            return impostor && !await HasJoinedSessionAsync(db, streamId, request.UserId!, ct)
                ? ApiError.Forbidden("Only the livestream creator can join as HOST")
                : AlreadyActive();
        }

        var token = tokens.CreateJoinToken(attempt.RoomName, participant.UserId, participant.DisplayName, participant.Role, participant.Metadata);
        return TypedResults.Ok(new DataResponse<JoinResponse>(new JoinResponse(token, liveKit.Value.GetClientUrl(), participant.ToResponse())));
    }

    /// <summary>
    /// Ends the user's JOINED session, whether or not it ever connected to LiveKit (the original refused
    /// sessions without a LiveKit sid, stranding them), and removes them from the room. Idempotent.
    /// </summary>
    public static async Task<IResult> Leave(string id, LeaveRequest? request, FavoritedDbContext db,
        RoomServiceClient liveKit, LiveStateStore liveState, TimeProvider timeProvider, ILogger<LeaveRequest> logger,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.UserId))
        {
            return ApiError.Validation("User ID is required");
        }
        var stream = await FindLivestreamAsync(db, id, ct);
        if (stream is null)
        {
            return ApiError.LivestreamNotFound(id);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var left = await db.Participants
            .Where(p => p.LivestreamId == stream.Id && p.UserId == request.UserId && p.Status == ParticipantStatus.Joined)
            .ExecuteUpdateAsync(p => p
                .SetProperty(x => x.Status, ParticipantStatus.Left)
                .SetProperty(x => x.LeftAt, now), ct);
        if (left > 0 && stream.Status == LivestreamStatus.Live)
        {
            await RemoveFromRoomAsync(liveKit, stream.RoomName, request.UserId, logger);
        }
        // Idempotent, and done on a repeat too, so a retry after a Redis failure still takes the user out.
        await liveState.ParticipantDisconnectedAsync(stream.Id, request.UserId);
        return TypedResults.Ok(new MessageResponse("Left livestream successfully"));
    }

    public static async Task<IResult> ListParticipants(string id, string? status, string? role, string? limit, string? offset,
        FavoritedDbContext db, CancellationToken ct)
    {
        var page = Paging.Parse(limit, offset);
        if (page.Error is not null)
        {
            return ApiError.Validation(page.Error);
        }
        if (!Paging.TryParseFilter<ParticipantStatus>(status, out var statusFilter))
        {
            return ApiError.Validation(Paging.FilterError<ParticipantStatus>("status"));
        }
        if (!Paging.TryParseFilter<ParticipantRole>(role, out var roleFilter))
        {
            return ApiError.Validation(Paging.FilterError<ParticipantRole>("role"));
        }
        // An unknown livestream has no participants: 200 with an empty list, as in the original.
        if (!Guid.TryParse(id, out var livestreamId))
        {
            return TypedResults.Ok(new ListResponse<ParticipantResponse>([]));
        }

        var query = db.Participants.AsNoTracking().Where(p => p.LivestreamId == livestreamId);
        if (statusFilter is { } wantedStatus)
        {
            query = query.Where(p => p.Status == wantedStatus);
        }
        if (roleFilter is { } wantedRole)
        {
            query = query.Where(p => p.Role == wantedRole);
        }
        var participants = await query
            .OrderByDescending(p => p.JoinedAt).ThenByDescending(p => p.Id)
            .Skip(page.Offset).Take(page.Limit)
            .ToListAsync(ct);
        return TypedResults.Ok(new ListResponse<ParticipantResponse>([.. participants.Select(p => p.ToResponse())]));
    }

    private static async Task<Livestream?> FindLivestreamAsync(FavoritedDbContext db, string id, CancellationToken ct) =>
        Guid.TryParse(id, out var guid) ? await db.Livestreams.AsNoTracking().SingleOrDefaultAsync(l => l.Id == guid, ct) : null;

    private static Task<bool> HasJoinedSessionAsync(FavoritedDbContext db, Guid streamId, string userId, CancellationToken ct) =>
        db.Participants.AnyAsync(p => p.LivestreamId == streamId && p.UserId == userId && p.Status == ParticipantStatus.Joined, ct);

    private static IResult AlreadyActive() => ApiError.Conflict("User is already an active participant in this livestream");

    private static async Task RemoveFromRoomAsync(RoomServiceClient liveKit, string room, string identity, ILogger logger)
    {
        try
        {
            await liveKit.RemoveParticipantAsync(room, identity, CancellationToken.None);
        }
        catch (LiveKitNotFoundException)
        {
            // Never connected, or already disconnected.
        }
        catch (LiveKitException ex)
        {
            Log.RemoveParticipantFailed(logger, identity, room, ex.Message);
        }
    }
}
