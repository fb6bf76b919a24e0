using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Favorited.Api.Infrastructure;

/// <summary>
/// An error envelope with a status ASP.NET Core has no typed result with a body for (its 401 and 403, <c>UnauthorizedHttpResult</c>
/// and <c>ForbidHttpResult</c>, carry none or go through the authentication handler, and there is no 502); it describes itself to OpenAPI as the built-in ones do.
/// </summary>
public sealed class EnvelopeError<TStatus>(string error, string message)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<ErrorResponse>
    where TStatus : IHttpStatus
{
    public ErrorResponse Value { get; } = new(error, message, TStatus.Code);

    int? IStatusCodeHttpResult.StatusCode => TStatus.Code;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = TStatus.Code;
        return httpContext.Response.WriteAsJsonAsync(Value);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(TStatus.Code, typeof(ErrorResponse), ["application/json"]));
}

public interface IHttpStatus
{
    static abstract int Code { get; }
}

public sealed class Status401 : IHttpStatus
{
    public static int Code => StatusCodes.Status401Unauthorized;
}

public sealed class Status403 : IHttpStatus
{
    public static int Code => StatusCodes.Status403Forbidden;
}

public sealed class Status410 : IHttpStatus
{
    public static int Code => StatusCodes.Status410Gone;
}

public sealed class Status502 : IHttpStatus
{
    public static int Code => StatusCodes.Status502BadGateway;
}
