using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Broadcast;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.Livestreams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Api.Broadcast;

/// <summary>
/// Broadcasting from an encoder (OBS, hardware): the creator of a livestream, and no one else, creates, reads, rotates and
/// deletes its one active LiveKit ingress. The stream key is a secret, so it appears in these answers only.
/// </summary>
public static class IngressApi
{
    public static void MapIngressApi(this IEndpointRouteBuilder app)
    {
        var ingress = app.MapGroup("/api/v1/livestreams/{id}/ingress").WithTags("Broadcast").RequireAuthorization(Policies.Account);
        ingress.MapPost("/", CreateIngress).RequireRateLimiting(RateLimits.Write);
        ingress.MapPost("/rotate", RotateIngress).RequireRateLimiting(RateLimits.Write);
        ingress.MapGet("/", GetIngress);
        ingress.MapDelete("/", DeleteIngress).RequireRateLimiting(RateLimits.Write);
    }

    public static async Task<IResult> CreateIngress(string id, CreateIngressBody? request, ClaimsPrincipal user, Callers callers,
        FavoritedDbContext db, IngressClient ingresses, IngressRevocation revocation, TimeProvider timeProvider, CancellationToken ct)
    {
        request ??= new CreateIngressBody(null, null);
        if (ParseType(request.Type) is not { } inputType)
        {
            return ApiError.Validation("type must be RTMP or WHIP");
        }
        var caller = callers.Identify(user, namedUserId: null)!;
        var found = await CreatorStreamAsync(id, caller, db, ct);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        var stream = found.Stream!;
        if (stream.Status is LivestreamStatus.Ended or LivestreamStatus.Error)
        {
            return ApiError.Conflict($"Livestream is {stream.Status.Label()}: it takes no encoder");
        }
        var active = await ActiveAsync(db, stream.Id, ct);
        if (active is not null && request.Rotate != true)
        {
            return ApiError.Conflict("The livestream already has an ingress: rotate or delete it first");
        }
        if (active is not null)
        {
            await EndAsync(db, revocation, active, timeProvider, ct);
        }
        return await CreateAsync(stream, caller, inputType, db, ingresses, timeProvider, ct);
    }

    public static async Task<IResult> RotateIngress(string id, ClaimsPrincipal user, Callers callers, FavoritedDbContext db,
        IngressClient ingresses, IngressRevocation revocation, TimeProvider timeProvider, CancellationToken ct)
    {
        var caller = callers.Identify(user, namedUserId: null)!;
        var found = await CreatorStreamAsync(id, caller, db, ct);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        var stream = found.Stream!;
        if (await ActiveAsync(db, stream.Id, ct) is not { } active)
        {
            return ApiError.NotFound("The livestream has no ingress to rotate");
        }
        await EndAsync(db, revocation, active, timeProvider, ct);
        return await CreateAsync(stream, caller, TypeToInput(active.Type), db, ingresses, timeProvider, ct);
    }

    public static async Task<IResult> GetIngress(string id, ClaimsPrincipal user, Callers callers, FavoritedDbContext db,
        CancellationToken ct)
    {
        var caller = callers.Identify(user, namedUserId: null)!;
        var found = await CreatorStreamAsync(id, caller, db, ct);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        return await ActiveAsync(db, found.Stream!.Id, ct) is { } active
            ? TypedResults.Ok(new DataResponse<IngressResponse>(active.ToResponse()))
            : ApiError.NotFound("The livestream has no ingress");
    }

    public static async Task<IResult> DeleteIngress(string id, ClaimsPrincipal user, Callers callers, FavoritedDbContext db,
        IngressRevocation revocation, TimeProvider timeProvider, CancellationToken ct)
    {
        var caller = callers.Identify(user, namedUserId: null)!;
        var found = await CreatorStreamAsync(id, caller, db, ct);
        if (found.Problem is { } problem)
        {
            return problem;
        }
        if (await ActiveAsync(db, found.Stream!.Id, ct) is not { } active)
        {
            return ApiError.NotFound("The livestream has no ingress");
        }
        await EndAsync(db, revocation, active, timeProvider, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateAsync(Livestream stream, Caller caller, string inputType, FavoritedDbContext db,
        IngressClient ingresses, TimeProvider timeProvider, CancellationToken ct)
    {
        IngressInfo info;
        try
        {
            info = await ingresses.CreateIngressAsync(new CreateIngressRequest
            {
                InputType = inputType,
                Name = stream.Title,
                RoomName = stream.LivekitRoom,
                ParticipantIdentity = ParticipantKinds.EncoderIdentityOf(caller.Id),
                ParticipantName = caller.DisplayName,
            }, ct);
        }
        catch (LiveKitException e)
        {
            return LiveKitFailure(e);
        }
        var ingress = new StreamIngress
        {
            LivestreamId = stream.Id,
            IngressId = info.IngressId,
            Type = InputToType(info.InputType),
            Url = info.Url,
            StreamKey = info.StreamKey,
            State = info.State?.Status ?? IngressStatuses.Inactive,
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        db.StreamIngresses.Add(ingress);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolationOf(ConstraintNames.OneActiveIngress))
        {
            // A concurrent create won: ours must not linger at LiveKit with a key nobody holds.
            await ingresses.DeleteIngressAsync(info.IngressId, CancellationToken.None);
            return ApiError.Conflict("The livestream already has an ingress: rotate or delete it first");
        }
        return TypedResults.Created($"/api/v1/livestreams/{stream.Id}/ingress", new DataResponse<IngressResponse>(ingress.ToResponse()));
    }

    /// <summary>Ends the row first, so the old key is revoked for us even when LiveKit cannot be reached right now.</summary>
    private static async Task EndAsync(FavoritedDbContext db, IngressRevocation revocation, StreamIngress active, TimeProvider timeProvider,
        CancellationToken ct)
    {
        active.EndedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await revocation.RevokeEndedAsync(active.LivestreamId, ct);
    }

    internal static IResult LiveKitFailure(LiveKitException e) => e.Code switch
    {
        TwirpCodes.FailedPrecondition or "resource_exhausted" or "already_exists" =>
            ApiError.Create(StatusCodes.Status409Conflict, "ConflictError", $"LiveKit refused: {e.Message}"),
        TwirpCodes.Unavailable => ApiError.Create(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
            "LiveKit is unavailable: try again shortly"),
        TwirpCodes.InvalidArgument => ApiError.Validation($"LiveKit refused the request: {e.Message}"),
        _ => ApiError.LiveKit($"LiveKit failed: {e.Message}"),
    };

    private static Task<StreamIngress?> ActiveAsync(FavoritedDbContext db, Guid streamId, CancellationToken ct) =>
        db.StreamIngresses.SingleOrDefaultAsync(i => i.LivestreamId == streamId && i.EndedAt == null, ct);

    private static async Task<CreatorStream> CreatorStreamAsync(string id, Caller caller, FavoritedDbContext db, CancellationToken ct)
    {
        if (await LivestreamAccess.FindVisibleAsync(db, id, caller.Id, ct) is not { } stream)
        {
            return new CreatorStream(null, ApiError.LivestreamNotFound(id));
        }
        return stream.CreatedBy == caller.Id
            ? new CreatorStream(stream, null)
            : new CreatorStream(null, ApiError.Forbidden("Only the creator of the livestream can manage its broadcast"));
    }

    private static string? ParseType(string? type) => type?.ToUpperInvariant() switch
    {
        null or "RTMP" => IngressInputTypes.Rtmp,
        "WHIP" => IngressInputTypes.Whip,
        _ => null,
    };

    private static string TypeToInput(string type) => type == "WHIP" ? IngressInputTypes.Whip : IngressInputTypes.Rtmp;

    private static string InputToType(string inputType) => inputType == IngressInputTypes.Whip ? "WHIP" : "RTMP";

    private sealed record CreatorStream(Livestream? Stream, IResult? Problem);
}
