namespace Favorited.Api.Infrastructure;

/// <summary>Error results in the original's envelope, named by its error classes.</summary>
public static class ApiError
{
    public static IResult Validation(string message) => Create(StatusCodes.Status400BadRequest, "ValidationError", message);

    public static IResult Forbidden(string message) => Create(StatusCodes.Status403Forbidden, "AuthorizationError", message);

    public static IResult NotFound(string message) => Create(StatusCodes.Status404NotFound, "NotFoundError", message);

    public static IResult LivestreamNotFound(string id) => NotFound($"Livestream with ID {id} not found");

    public static IResult Conflict(string message) => Create(StatusCodes.Status409Conflict, "ConflictError", message);

    public static IResult LiveKit(string message) => Create(StatusCodes.Status502BadGateway, "LiveKitError", message);

    public static IResult Create(int statusCode, string error, string message) =>
        TypedResults.Json(new ErrorResponse(error, message, statusCode), statusCode: statusCode);
}
