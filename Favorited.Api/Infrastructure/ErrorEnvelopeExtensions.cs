using System.Diagnostics;
using System.Text.Json;
using Favorited.Core;
using Favorited.Core.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Favorited.Api.Infrastructure;

/// <summary>
/// Every failure answers in the original's error envelope: framework ones (malformed JSON, body too
/// large, unknown route, wrong method, wrong content type) with their 4xx, anything unexpected with a 500
/// that carries no internals and is logged with its trace id.
/// </summary>
public static class ErrorEnvelopeExtensions
{
    /// <summary>The original's body limit for JSON requests.</summary>
    public const long MaxRequestBodyBytes = 100 * 1024;

    public static WebApplication UseErrorEnvelopes(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when IsClientMistake(exception) => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
            // A client's mistake (malformed JSON, wrong content type, body too large) is answered, not logged as an error
            // with a stack trace: an operator's alerts must not fire on every malformed request. A server error is logged
            // once, with its trace id, by WriteExceptionAsync, so the middleware's own log line is left out too.
            SuppressDiagnosticsCallback = _ => true,
            ExceptionHandler = WriteExceptionAsync,
        });
        app.UseStatusCodePages(context => WriteStatusCodeAsync(context.HttpContext));
        app.Use(RejectOversizedBodies);
        return app;
    }

    private static async Task RejectOversizedBodies(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge",
                $"Request body exceeds {MaxRequestBodyBytes / 1024} KB");
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }
        await next(context);
    }

    private static Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is BadHttpRequestException bad)
        {
            return bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => WriteErrorAsync(context, bad.StatusCode, "PayloadTooLarge",
                    $"Request body exceeds {MaxRequestBodyBytes / 1024} KB"),
                StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(context),
                _ => WriteErrorAsync(context, bad.StatusCode, "ValidationError", DescribeBadRequest(bad)),
            };
        }

        // Text PostgreSQL refuses that no check at the edge caught: the command was never sent (StorableText).
        if (exception is not null && IsClientMistake(exception))
        {
            return WriteErrorAsync(context, StatusCodes.Status400BadRequest, "ValidationError", $"Text {StorableText.Problem}");
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Favorited.Api.Errors");
        // PostgreSQL or Redis is away (Outages): the caller may retry, so 503 rather than 500. Still logged: any Redis error
        // counts, a bug's included.
        if (exception is not null && Outages.IsOutage(exception))
        {
            Log.BackingServiceUnavailable(logger, context.Request.Method, context.Request.Path, exception.Message);
            context.Response.Headers.RetryAfter = "5";
            return WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
                "A backing service is unavailable; try again shortly");
        }

        Log.UnhandledException(logger, context.Request.Method, context.Request.Path,
            Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier, exception);
        return WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "InternalServerError", "An unexpected error occurred");
    }

    private static Task WriteStatusCodeAsync(HttpContext context)
    {
        var request = context.Request;
        return context.Response.StatusCode switch
        {
            // The authentication handlers' challenge and forbid leave these without a body.
            StatusCodes.Status401Unauthorized => WriteErrorAsync(context, 401, "AuthenticationError",
                "Sign in, or send a valid, unexpired access token"),
            StatusCodes.Status403Forbidden => WriteErrorAsync(context, 403, "AuthorizationError", "Not authorized to perform this action"),
            StatusCodes.Status404NotFound => WriteErrorAsync(context, 404, "Not Found", $"Route {request.Method} {request.Path} not found"),
            StatusCodes.Status405MethodNotAllowed => WriteErrorAsync(context, 405, "MethodNotAllowed",
                $"Method {request.Method} is not allowed on {request.Path}"),
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(context),
            var status => WriteErrorAsync(context, status, ReasonPhrases(status), ReasonPhrases(status)),
        };
    }

    private static Task UnsupportedMediaType(HttpContext context) =>
        WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
            "Content-Type must be application/json");

    private static bool IsClientMistake(Exception exception) =>
        exception is BadHttpRequestException || ExceptionChain.Of(exception).Any(error => error is UnstorableTextException);

    private static string DescribeBadRequest(BadHttpRequestException exception) => exception.InnerException switch
    {
        UnstorableJsonTextException text => $"{text.Field} {StorableText.Problem}",
        // The serializer names the field itself only in its own messages.
        JsonException { Path: { } path } json when !json.Message.Contains("Path: ", StringComparison.Ordinal) =>
            $"Invalid JSON in request body: {json.Message} Path: {path}",
        JsonException json => $"Invalid JSON in request body: {json.Message}",
        _ when exception.Message.Contains("no body was provided", StringComparison.Ordinal) => "Request body is required",
        _ => exception.Message,
    };

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    /// <summary>An error answer in the envelope, for middleware that answers before any endpoint.</summary>
    internal static Task WriteErrorAsync(HttpContext context, int status, string error, string message,
        CancellationToken cancellationToken = default)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorResponse(error, message, status), cancellationToken);
    }
}
