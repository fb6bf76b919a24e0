using System.Diagnostics;
using Favorited.Api.Infrastructure;
using Favorited.Core.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Favorited.Api.Moderation;

/// <summary>The answers of the moderation and stage endpoints, from what the rules came to.</summary>
public static class InteractionResults
{
    public static Results<Ok<DataResponse<TResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>, NotFound<ErrorResponse>,
        Conflict<ErrorResponse>, EnvelopeError<Status502>> Data<TValue, TResponse>(InteractionOutcome outcome, string id,
        Func<TValue, TResponse> shape) => outcome switch
    {
        Done<TValue>(var value) => TypedResults.Ok(new DataResponse<TResponse>(shape(value))),
        NoSuchStream => ApiError.LivestreamNotFound(id),
        NotAllowed(var message) => ApiError.Forbidden(message),
        Invalid(var message) => ApiError.Validation(message),
        NoSuchTarget(var message) => ApiError.NotFound(message),
        Conflicting(var message) => ApiError.Conflict(message),
        LiveKitFailed(var message) => ApiError.LiveKit(message),
        _ => throw new UnreachableException(),
    };

    public static Results<Ok<ListResponse<TResponse>>, EnvelopeError<Status403>, NotFound<ErrorResponse>> List<TValue, TResponse>(
        InteractionOutcome outcome, string id, Func<TValue, TResponse> shape) => outcome switch
    {
        Done<List<TValue>>(var values) => TypedResults.Ok(new ListResponse<TResponse>([.. values.Select(shape)])),
        NoSuchStream => ApiError.LivestreamNotFound(id),
        NotAllowed(var message) => ApiError.Forbidden(message),
        _ => throw new UnreachableException(),
    };
}
