using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.Livestreams;
using Favorited.Core.Sessions;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Participants;

public static class ParticipantsApi
{
    public static RouteGroupBuilder MapParticipantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams/{id}").WithTags("Participants");

        api.MapPost("/join", Join).RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimits.Write);
        api.MapPost("/leave", Leave).RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimits.Write);
        api.MapGet("/participants", ListParticipants).RequireAuthorization(Policies.Anyone);

        return api;
    }

    /// <summary>Records a JOINED session (<see cref="SessionLifecycle.JoinAsync"/>) and hands out a LiveKit join token; a viewer's cannot publish.</summary>
    public static async Task<Results<Ok<DataResponse<JoinResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>>> Join(string id, JoinRequest? request, ClaimsPrincipal user, Callers callers,
        SessionLifecycle sessions, AccessTokenIssuer tokens, IOptions<LiveKitOptions> liveKit, TimeProvider timeProvider, CancellationToken ct)
    {
        if (request is null)
        {
            return ApiError.Validation(callers.BodyNamesCaller ? "User ID is required" : "Role must be either HOST or VIEWER");
        }
        var (role, problem) = request.Validate(callers.BodyNamesCaller);
        if (problem is not null)
        {
            return ApiError.Validation(problem);
        }
        if (callers.Identify(user, request.UserId, request.DisplayName) is not { } caller)
        {
            return ApiError.Forbidden("userId must be the signed-in user");
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }

        var outcome = await sessions.JoinAsync(new Participant
        {
            LivestreamId = streamId,
            UserId = caller.Id,
            DisplayName = caller.DisplayName,
            Role = role!.Value,
            Metadata = Infrastructure.Metadata.ToText(request.Metadata),
            JoinedAt = timeProvider.GetUtcNow().UtcDateTime,
        }, ct);
        return outcome switch
        {
            Joined(var session, var room) => TypedResults.Ok(new DataResponse<JoinResponse>(new JoinResponse(
                tokens.CreateJoinToken(room, session.UserId, session.DisplayName, session.Role, session.Metadata),
                liveKit.Value.GetClientUrl(), session.ToResponse()))),
            StreamNotFound => ApiError.LivestreamNotFound(id),
            StreamNotLive(var status) => ApiError.Validation($"Cannot join livestream with status {status.Label()}. Livestream must be LIVE."),
            AlreadyJoined => ApiError.Conflict("User is already an active participant in this livestream"),
            NotTheCreator => ApiError.Forbidden("Only the livestream creator can join as HOST"),
            Banned => ApiError.Forbidden("You are banned from this livestream"),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// Ends the user's JOINED session, whether or not it ever connected to LiveKit (the original refused sessions without a
    /// LiveKit sid, stranding them), and removes them from the room. Idempotent.
    /// </summary>
    public static async Task<Results<Ok<MessageResponse>, BadRequest<ErrorResponse>, EnvelopeError<Status403>, NotFound<ErrorResponse>>> Leave(
        string id, LeaveRequest? request, ClaimsPrincipal user, Callers callers, SessionLifecycle sessions, TimeProvider timeProvider,
        CancellationToken ct)
    {
        if (callers.BodyNamesCaller && string.IsNullOrWhiteSpace(request?.UserId))
        {
            return ApiError.Validation("User ID is required");
        }
        if (callers.Identify(user, request?.UserId) is not { } caller)
        {
            return ApiError.Forbidden("userId must be the signed-in user");
        }
        var found = Guid.TryParse(id, out var streamId)
            && await sessions.LeaveAsync(streamId, caller.Id, timeProvider.GetUtcNow().UtcDateTime, ct);
        return found ? TypedResults.Ok(new MessageResponse("Left livestream successfully")) : ApiError.LivestreamNotFound(id);
    }

    public static async Task<Results<Ok<ListResponse<ParticipantResponse>>, BadRequest<ErrorResponse>>> ListParticipants(string id, string? status, string? role, string? limit, string? offset,
        ClaimsPrincipal user, Callers callers, FavoritedDbContext db, CancellationToken ct)
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
        // An unknown livestream has no participants: 200 with an empty list, as in the original; so has one the caller may not see.
        if (!Guid.TryParse(id, out var livestreamId)
            || !await LivestreamAccess.CanSeeAsync(db, livestreamId, callers.Optional(user)?.Id, ct))
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
}
