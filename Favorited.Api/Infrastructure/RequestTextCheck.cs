using Favorited.Core.Data;

namespace Favorited.Api.Infrastructure;

/// <summary>
/// Query values and route values are checked like body strings (<see cref="StorableStringConverter"/>): text PostgreSQL
/// refuses is a 400 naming the parameter before any endpoint sees it.
/// </summary>
public static class RequestTextCheck
{
    public static WebApplication UseStorableRequestText(this WebApplication app)
    {
        app.Use(RejectUnstorableText);
        return app;
    }

    private static Task RejectUnstorableText(HttpContext context, RequestDelegate next)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (!StorableText.IsStorable(name) || values.Any(value => !StorableText.IsStorable(value)))
            {
                return Refuse(context, name);
            }
        }
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && !StorableText.IsStorable(text))
            {
                return Refuse(context, name);
            }
        }
        return next(context);
    }

    private static Task Refuse(HttpContext context, string name)
    {
        var field = StorableText.IsStorable(name) ? name : "A query parameter's name";
        return ErrorEnvelopeExtensions.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "ValidationError",
            $"{field} {StorableText.Problem}");
    }
}
