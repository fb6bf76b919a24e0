using Microsoft.AspNetCore.Http.HttpResults;

namespace Favorited.Api.Infrastructure;

/// <summary>Error results in the original's envelope, named by its error classes, typed so OpenAPI learns each status.</summary>
public static class ApiError
{
    public static BadRequest<ErrorResponse> Validation(string message) =>
        TypedResults.BadRequest(Envelope(StatusCodes.Status400BadRequest, "ValidationError", message));

    public static EnvelopeError<Status401> Unauthenticated(string message) => new("AuthenticationError", message);

    public static EnvelopeError<Status403> Forbidden(string message) => new("AuthorizationError", message);

    public static NotFound<ErrorResponse> NotFound(string message) =>
        TypedResults.NotFound(Envelope(StatusCodes.Status404NotFound, "NotFoundError", message));

    public static NotFound<ErrorResponse> LivestreamNotFound(string id) => NotFound($"Livestream with ID {id} not found");

    public static Conflict<ErrorResponse> Conflict(string message) =>
        TypedResults.Conflict(Envelope(StatusCodes.Status409Conflict, "ConflictError", message));

    public static EnvelopeError<Status502> LiveKit(string message) => new("LiveKitError", message);

    /// <summary>An error the original's classes do not name (the webhook receiver's).</summary>
    public static JsonHttpResult<ErrorResponse> Create(int statusCode, string error, string message) =>
        TypedResults.Json(Envelope(statusCode, error, message), statusCode: statusCode);

    private static ErrorResponse Envelope(int statusCode, string error, string message) => new(error, message, statusCode);
}
