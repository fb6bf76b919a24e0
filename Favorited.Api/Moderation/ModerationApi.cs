using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Favorited.Api.Moderation;

/// <summary>
/// The host's moderation of a livestream: remove, ban and unban, mute, and the record of it all. Only the stream's creator
/// may; guests cannot host, so every endpoint needs an account.
/// </summary>
public static class ModerationApi
{
    public static void MapModerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams/{id}/moderation").WithTags("Moderation").RequireAuthorization(Policies.Account);
        api.MapPost("/remove", Remove).RequireRateLimiting(RateLimits.Write);
        api.MapPost("/bans", Ban).RequireRateLimiting(RateLimits.Write);
        api.MapGet("/bans", ListBans);
        api.MapDelete("/bans/{userId}", Unban).RequireRateLimiting(RateLimits.Write);
        api.MapPost("/mute", Mute).RequireRateLimiting(RateLimits.Write);
        api.MapGet("/actions", ListActions);
    }

    /// <summary>Disconnects the user from the room and ends their session (leaveReason REMOVED); they may join again.</summary>
    public static async Task<Results<Ok<DataResponse<ParticipantRemoved>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> Remove(string id, RemoveRequest? request,
        ClaimsPrincipal user, Core.Moderation.Moderation moderation, CancellationToken ct)
    {
        if ((request ?? new RemoveRequest(null, null)).Validate() is { } problem)
        {
            return ApiError.Validation(problem);
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        var outcome = await moderation.RemoveAsync(streamId, CallerId(user), request!.UserId!, TargetRules.Normalize(request.Reason), ct);
        return InteractionResults.Data<ParticipantRemoved, ParticipantRemoved>(outcome, id, removed => removed);
    }

    /// <summary>Removes the user (when the stream is live) and refuses their joins until the ban ends or is lifted.</summary>
    public static async Task<Results<Ok<DataResponse<BanResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> Ban(string id, BanRequest? request,
        ClaimsPrincipal user, Core.Moderation.Moderation moderation, CancellationToken ct)
    {
        if ((request ?? new BanRequest(null, null, null)).Validate() is { } problem)
        {
            return ApiError.Validation(problem);
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        var duration = request!.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var outcome = await moderation.BanAsync(streamId, CallerId(user), request.UserId!, TargetRules.Normalize(request.Reason), duration, ct);
        return InteractionResults.Data<StreamBan, BanResponse>(outcome, id, ban => ban.ToResponse());
    }

    /// <summary>The bans that hold now, newest first.</summary>
    public static async Task<Results<Ok<ListResponse<BanResponse>>, EnvelopeError<Status403>, NotFound<ErrorResponse>>> ListBans(
        string id, ClaimsPrincipal user, Core.Moderation.Moderation moderation, CancellationToken ct) =>
        !Guid.TryParse(id, out var streamId)
            ? ApiError.LivestreamNotFound(id)
            : InteractionResults.List<StreamBan, BanResponse>(await moderation.ListBansAsync(streamId, CallerId(user), ct), id,
                ban => ban.ToResponse());

    public static async Task<Results<Ok<DataResponse<BanResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> Unban(string id, string userId,
        ClaimsPrincipal user, Core.Moderation.Moderation moderation, CancellationToken ct)
    {
        if (TargetRules.CheckUserId(userId) is { } problem)
        {
            return ApiError.Validation(problem);
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        var outcome = await moderation.UnbanAsync(streamId, CallerId(user), userId, ct);
        return InteractionResults.Data<StreamBan, BanResponse>(outcome, id, ban => ban.ToResponse());
    }

    /// <summary>Mutes the track named, or every audio and video track the user publishes.</summary>
    public static async Task<Results<Ok<DataResponse<ParticipantMuted>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> Mute(string id, MuteRequest? request,
        ClaimsPrincipal user, Core.Moderation.Moderation moderation, CancellationToken ct)
    {
        if ((request ?? new MuteRequest(null, null)).Validate() is { } problem)
        {
            return ApiError.Validation(problem);
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        var outcome = await moderation.MuteAsync(streamId, CallerId(user), request!.UserId!, request.TrackSid, ct);
        return InteractionResults.Data<ParticipantMuted, ParticipantMuted>(outcome, id, muted => muted);
    }

    /// <summary>Everything the host did, newest first.</summary>
    public static async Task<Results<Ok<ListResponse<ModerationActionResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>>> ListActions(string id, string? limit, string? offset, ClaimsPrincipal user,
        Core.Moderation.Moderation moderation, CancellationToken ct)
    {
        var page = Paging.Parse(limit, offset);
        if (page.Error is not null)
        {
            return ApiError.Validation(page.Error);
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        var outcome = await moderation.ListActionsAsync(streamId, CallerId(user), page.Limit, page.Offset, ct);
        return outcome switch
        {
            Done<List<ModerationAction>>(var actions) =>
                TypedResults.Ok(new ListResponse<ModerationActionResponse>([.. actions.Select(a => a.ToResponse())])),
            NotAllowed(var message) => ApiError.Forbidden(message),
            _ => ApiError.LivestreamNotFound(id),
        };
    }

    // The policy lets only a signed-in account through.
    private static string CallerId(ClaimsPrincipal user) => Caller.From(user)!.Id;
}
