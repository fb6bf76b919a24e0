using System.Diagnostics;
using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Data;
using Favorited.Core.Invites;
using Favorited.Core.Livestreams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Api.Invites;

/// <summary>
/// Invite links to private livestreams: the creator makes, lists and revokes them; anyone with an identity redeems one (a
/// guest only where the creator allowed guests) and may then watch the stream.
/// </summary>
public static class InvitesApi
{
    public static void MapInvitesApi(this IEndpointRouteBuilder app)
    {
        var manage = app.MapGroup("/api/v1/livestreams/{id}/invites").WithTags("Invites").RequireAuthorization(Policies.Account);
        manage.MapPost("/", CreateInvite).RequireRateLimiting(RateLimits.Write);
        manage.MapGet("/", ListInvites);
        manage.MapDelete("/{inviteId}", RevokeInvite).RequireRateLimiting(RateLimits.Write);

        app.MapPost("/api/v1/invites/{code}/redeem", RedeemInvite).WithTags("Invites")
            .RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimits.Write);
    }

    public static async Task<Results<Created<DataResponse<InviteResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>>> CreateInvite(string id, CreateInviteRequest? request, ClaimsPrincipal user, Callers callers,
        FavoritedDbContext db, Invitations invitations, TimeProvider timeProvider, CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        request ??= new CreateInviteRequest(null, null, null);
        if (request.Validate(now) is { } problem)
        {
            return ApiError.Validation(problem);
        }
        if (await OwnStreamAsync(id, user, callers, db, ct) is not { } stream)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (!stream.IsCreator)
        {
            return NotTheCreator();
        }
        if (stream.Visibility != LivestreamVisibility.Private)
        {
            return ApiError.Validation("Only private livestreams take invites: anyone may watch a public one");
        }
        var invite = await invitations.CreateAsync(stream.Id, request.ExpiresAt?.ToUniversalTime(), request.MaxUses,
            request.AllowGuests ?? false, ct);
        return TypedResults.Created($"/api/v1/livestreams/{stream.Id}/invites/{invite.Id}",
            new DataResponse<InviteResponse>(invite.ToResponse(now)));
    }

    public static async Task<Results<Ok<ListResponse<InviteResponse>>, EnvelopeError<Status403>, NotFound<ErrorResponse>>> ListInvites(
        string id, ClaimsPrincipal user, Callers callers, FavoritedDbContext db, Invitations invitations, TimeProvider timeProvider,
        CancellationToken ct)
    {
        if (await OwnStreamAsync(id, user, callers, db, ct) is not { } stream)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (!stream.IsCreator)
        {
            return NotTheCreator();
        }
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var invites = await invitations.ListAsync(stream.Id, ct);
        return TypedResults.Ok(new ListResponse<InviteResponse>([.. invites.Select(invite => invite.ToResponse(now))]));
    }

    public static async Task<Results<Ok<DataResponse<InviteResponse>>, EnvelopeError<Status403>, NotFound<ErrorResponse>>> RevokeInvite(
        string id, string inviteId, ClaimsPrincipal user, Callers callers, FavoritedDbContext db, Invitations invitations,
        TimeProvider timeProvider, CancellationToken ct)
    {
        if (await OwnStreamAsync(id, user, callers, db, ct) is not { } stream)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (!stream.IsCreator)
        {
            return NotTheCreator();
        }
        var invite = Guid.TryParse(inviteId, out var guid) ? await invitations.RevokeAsync(stream.Id, guid, ct) : null;
        return invite is null
            ? ApiError.NotFound($"Invite with ID {inviteId} not found")
            : TypedResults.Ok(new DataResponse<InviteResponse>(invite.ToResponse(timeProvider.GetUtcNow().UtcDateTime)));
    }

    public static async Task<Results<Ok<DataResponse<RedeemedResponse>>, EnvelopeError<Status403>, NotFound<ErrorResponse>,
        EnvelopeError<Status410>>> RedeemInvite(string code, ClaimsPrincipal user, Invitations invitations, CancellationToken ct)
    {
        var caller = Caller.From(user)!;
        return await invitations.RedeemAsync(code, caller.Id, caller.Kind == CallerKind.Guest, ct) switch
        {
            Redeemed(var streamId) => TypedResults.Ok(new DataResponse<RedeemedResponse>(new RedeemedResponse(streamId))),
            InviteNotFound => ApiError.NotFound("Invite not found"),
            InviteRefused(var reason) => new EnvelopeError<Status410>("GoneError", reason),
            GuestsNotInvited => ApiError.Forbidden("This invite is for people with an account: sign up or sign in to use it"),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The stream, and whether the caller created it; null when the caller may not see it at all.</summary>
    private static async Task<ManagedStream?> OwnStreamAsync(string id, ClaimsPrincipal user, Callers callers, FavoritedDbContext db,
        CancellationToken ct)
    {
        var caller = callers.Optional(user);
        var stream = Guid.TryParse(id, out var guid)
            ? await db.Livestreams.AsNoTracking().Where(l => l.Id == guid).VisibleTo(db, caller?.Id)
                .Select(l => new { l.Id, l.CreatedBy, l.Visibility }).SingleOrDefaultAsync(ct)
            : null;
        return stream is null ? null : new ManagedStream(stream.Id, stream.CreatedBy == caller?.Id, stream.Visibility);
    }

    private static EnvelopeError<Status403> NotTheCreator() => ApiError.Forbidden("Only the creator of the livestream can manage its invites");

    private sealed record ManagedStream(Guid Id, bool IsCreator, LivestreamVisibility Visibility);
}
