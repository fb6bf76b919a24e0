using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Api.Moderation;
using Favorited.Core.Stage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Favorited.Api.Stage;

/// <summary>
/// The stage: a viewer (guests too) raises and lowers their hand; the host sees the queue and brings someone on stage; the
/// host or that person steps them down.
/// </summary>
public static class StageApi
{
    public static void MapStageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/livestreams/{id}/stage").WithTags("Stage");
        api.MapPost("/hand", RaiseHand).RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimits.Write);
        api.MapDelete("/hand", LowerHand).RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimits.Write);
        api.MapGet("/hands", Hands).RequireAuthorization(Policies.Account);
        api.MapPost("/invite", Invite).RequireAuthorization(Policies.Account).RequireRateLimiting(RateLimits.Write);
        api.MapPost("/remove", StepDown).RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimits.Write);
    }

    /// <summary>Raises the caller's hand (they need a JOINED viewer session); raising it again keeps its place.</summary>
    public static async Task<Results<Ok<DataResponse<HandRaised>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> RaiseHand(string id, ClaimsPrincipal user,
        StageRules stage, CancellationToken ct) =>
        !Guid.TryParse(id, out var streamId)
            ? ApiError.LivestreamNotFound(id)
            : InteractionResults.Data<HandRaised, HandRaised>(await stage.RaiseHandAsync(streamId, CallerId(user), ct), id, hand => hand);

    public static async Task<Results<Ok<DataResponse<HandLowered>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> LowerHand(string id, ClaimsPrincipal user,
        StageRules stage, CancellationToken ct) =>
        !Guid.TryParse(id, out var streamId)
            ? ApiError.LivestreamNotFound(id)
            : InteractionResults.Data<HandLowered, HandLowered>(await stage.LowerHandAsync(streamId, CallerId(user), ct), id, hand => hand);

    /// <summary>The raised hands, first raised first (host only).</summary>
    public static async Task<Results<Ok<ListResponse<HandRaised>>, EnvelopeError<Status403>, NotFound<ErrorResponse>>> Hands(string id,
        ClaimsPrincipal user, StageRules stage, CancellationToken ct) =>
        !Guid.TryParse(id, out var streamId)
            ? ApiError.LivestreamNotFound(id)
            : InteractionResults.List<HandRaised, HandRaised>(await stage.HandsAsync(streamId, CallerId(user), ct), id, hand => hand);

    /// <summary>Brings a viewer on stage: they may publish at once (host only).</summary>
    public static async Task<Results<Ok<DataResponse<StageChanged>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> Invite(string id, StageRequest? request,
        ClaimsPrincipal user, StageRules stage, CancellationToken ct)
    {
        if (TargetRules.CheckUserId(request?.UserId) is { } problem)
        {
            return ApiError.Validation(problem);
        }
        return !Guid.TryParse(id, out var streamId)
            ? ApiError.LivestreamNotFound(id)
            : InteractionResults.Data<StageChanged, StageChanged>(
                await stage.InviteAsync(streamId, CallerId(user), request!.UserId!, ct), id, changed => changed);
    }

    /// <summary>Takes someone off the stage, back among the viewers: the host may, and so may that person.</summary>
    public static async Task<Results<Ok<DataResponse<StageChanged>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>, EnvelopeError<Status502>>> StepDown(string id, StageRequest? request,
        ClaimsPrincipal user, StageRules stage, CancellationToken ct)
    {
        if (TargetRules.CheckUserId(request?.UserId) is { } problem)
        {
            return ApiError.Validation(problem);
        }
        return !Guid.TryParse(id, out var streamId)
            ? ApiError.LivestreamNotFound(id)
            : InteractionResults.Data<StageChanged, StageChanged>(
                await stage.StepDownAsync(streamId, CallerId(user), request!.UserId!, ct), id, changed => changed);
    }

    // Every endpoint's policy lets only a caller with an identity through.
    private static string CallerId(ClaimsPrincipal user) => Caller.From(user)!.Id;
}

public sealed record StageRequest(string? UserId);
