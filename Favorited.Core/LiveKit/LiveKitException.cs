using System.Net;

namespace Favorited.Core.LiveKit;

/// <summary>
/// A failed LiveKit server API call. <see cref="Code"/> is the Twirp error code (<c>not_found</c>,
/// <c>unauthenticated</c>, …), or <c>unavailable</c> when the server could not be reached at all.
/// </summary>
public class LiveKitException(string code, string message, HttpStatusCode? statusCode,
    IReadOnlyDictionary<string, string>? meta = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Code { get; } = code;
    public HttpStatusCode? StatusCode { get; } = statusCode;
    public IReadOnlyDictionary<string, string> Meta { get; } = meta ?? new Dictionary<string, string>();

    internal static LiveKitException From(string code, string message, HttpStatusCode statusCode,
        IReadOnlyDictionary<string, string>? meta) => code switch
    {
        TwirpCodes.NotFound => new LiveKitNotFoundException(message, statusCode, meta),
        TwirpCodes.Unauthenticated or TwirpCodes.PermissionDenied => new LiveKitUnauthenticatedException(message, statusCode, meta),
        TwirpCodes.Unavailable => new LiveKitUnavailableException(message, statusCode, null),
        _ => new LiveKitException(code, message, statusCode, meta),
    };
}

public sealed class LiveKitNotFoundException(string message, HttpStatusCode statusCode, IReadOnlyDictionary<string, string>? meta)
    : LiveKitException(TwirpCodes.NotFound, message, statusCode, meta);

public sealed class LiveKitUnauthenticatedException(string message, HttpStatusCode statusCode, IReadOnlyDictionary<string, string>? meta)
    : LiveKitException(TwirpCodes.Unauthenticated, message, statusCode, meta);

public sealed class LiveKitUnavailableException(string message, HttpStatusCode? statusCode, Exception? innerException)
    : LiveKitException(TwirpCodes.Unavailable, message, statusCode, null, innerException);

public static class TwirpCodes
{
    public const string NotFound = "not_found";
    public const string Unauthenticated = "unauthenticated";
    public const string PermissionDenied = "permission_denied";
    public const string Unavailable = "unavailable";
    public const string InvalidArgument = "invalid_argument";
    public const string FailedPrecondition = "failed_precondition";
    public const string Unimplemented = "unimplemented";
    public const string Malformed = "malformed";
    public const string BadRoute = "bad_route";
    public const string Internal = "internal";
    public const string Unknown = "unknown";
}
