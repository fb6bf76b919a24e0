using System.Globalization;
using System.Security.Claims;
using System.Text;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Favorited.Core.Livestreams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Analytics;

/// <summary>
/// Audience analytics for a stream's creator: its figures and series (live while it runs, final after), the CSV exports, and
/// the creator's dashboard across streams. Accounts only; a stream hidden from the caller is not found, anyone else's is 403.
/// </summary>
public static class AnalyticsApi
{
    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var stream = app.MapGroup("/api/v1/livestreams/{id}/analytics").WithTags("Analytics").RequireAuthorization(Policies.Account);
        stream.MapGet("/", GetStreamAnalytics);
        stream.MapGet("/series.csv", GetSeriesCsv);
        stream.MapGet("/viewers.csv", GetViewersCsv);
        app.MapGet("/api/v1/analytics/livestreams", GetCreatorDashboard).WithTags("Analytics").RequireAuthorization(Policies.Account);
    }

    public static async Task<Results<Ok<DataResponse<StreamAnalyticsResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>>> GetStreamAnalytics(string id, string? resolution, ClaimsPrincipal user,
        HttpRequest request, FavoritedDbContext db, StreamAnalyticsService analytics, IOptions<AnalyticsOptions> options,
        CancellationToken ct)
    {
        if (await OwnStreamAsync(id, user, db, ct) is not { } found)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (found.CreatedBy != Caller.From(user)!.Id)
        {
            return NotTheCreator();
        }
        if (ParseResolution(resolution) is { Error: { } invalid })
        {
            return ApiError.Validation(invalid);
        }
        var fresh = request.GetTypedHeaders().CacheControl?.NoCache == true;
        if (await analytics.GetAsync(found, fresh, ct) is not { } figures)
        {
            return NeverLive();
        }
        var (seconds, error) = Resolution(resolution, figures.Duration, options.Value);
        if (error is not null)
        {
            return ApiError.Validation(error);
        }
        return TypedResults.Ok(new DataResponse<StreamAnalyticsResponse>(
            StreamAnalyticsResponse.From(figures, figures.SeriesAt(seconds!.Value))));
    }

    public static async Task<Results<FileContentHttpResult, BadRequest<ErrorResponse>, EnvelopeError<Status403>, NotFound<ErrorResponse>,
        Conflict<ErrorResponse>>> GetSeriesCsv(string id, string? resolution, ClaimsPrincipal user, FavoritedDbContext db,
        StreamAnalyticsService analytics, IOptions<AnalyticsOptions> options, CancellationToken ct)
    {
        if (await OwnStreamAsync(id, user, db, ct) is not { } found)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (found.CreatedBy != Caller.From(user)!.Id)
        {
            return NotTheCreator();
        }
        if (ParseResolution(resolution) is { Error: { } invalid })
        {
            return ApiError.Validation(invalid);
        }
        if (await analytics.GetAsync(found, fresh: false, ct) is not { } figures)
        {
            return NeverLive();
        }
        var (seconds, error) = Resolution(resolution, figures.Duration, options.Value);
        if (error is not null)
        {
            return ApiError.Validation(error);
        }
        var series = figures.SeriesAt(seconds!.Value);
        return Csv(AnalyticsCsv.Series(figures.StartedAt, series), $"{found.Id}-series-{series.Resolution}s.csv");
    }

    public static async Task<Results<FileContentHttpResult, EnvelopeError<Status403>, NotFound<ErrorResponse>, Conflict<ErrorResponse>>>
        GetViewersCsv(string id, ClaimsPrincipal user, FavoritedDbContext db, StreamAnalyticsService analytics, CancellationToken ct)
    {
        if (await OwnStreamAsync(id, user, db, ct) is not { } found)
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (found.CreatedBy != Caller.From(user)!.Id)
        {
            return NotTheCreator();
        }
        if (await analytics.ViewersAsync(found, ct) is not { } viewers)
        {
            return NeverLive();
        }
        return Csv(AnalyticsCsv.Viewers(viewers), $"{found.Id}-viewers.csv");
    }

    public static async Task<Results<Ok<DataResponse<CreatorAnalyticsResponse>>, BadRequest<ErrorResponse>>> GetCreatorDashboard(
        string? from, string? to, string? limit, string? offset, ClaimsPrincipal user, StreamAnalyticsService analytics,
        IOptions<AnalyticsOptions> options, TimeProvider timeProvider, CancellationToken ct)
    {
        var (pageLimit, pageOffset, pagingError) = Paging.Parse(limit, offset);
        if (pagingError is not null)
        {
            return ApiError.Validation(pagingError);
        }
        if (!TryParseInstant(to, out var end) || !TryParseInstant(from, out var start))
        {
            return ApiError.Validation("from and to must be ISO 8601 timestamps from the years 2000 to 9998, e.g. 2026-01-01T00:00:00Z");
        }
        var rangeEnd = end ?? timeProvider.GetUtcNow().UtcDateTime;
        var rangeStart = start ?? rangeEnd.AddDays(-30);
        if (rangeStart >= rangeEnd)
        {
            return ApiError.Validation("from must be before to");
        }
        if (rangeEnd - rangeStart > options.Value.MaxDashboardRange)
        {
            return ApiError.Validation($"from and to may be at most {options.Value.MaxDashboardRange.TotalDays:0} days apart");
        }
        var dashboard = await analytics.DashboardAsync(Caller.From(user)!.Id, rangeStart, rangeEnd, pageLimit, pageOffset, ct);
        return TypedResults.Ok(new DataResponse<CreatorAnalyticsResponse>(
            new CreatorAnalyticsResponse(rangeStart, rangeEnd, dashboard.Streams, dashboard.Count, dashboard.Totals)));
    }

    /// <summary>
    /// The resolution asked for, in whole seconds from 1 to 3,600; when none is given, 10 seconds or the finest that keeps the
    /// series within <see cref="AnalyticsOptions.MaxSeriesPoints"/>.
    /// </summary>
    private static (int? Seconds, string? Error) Resolution(string? value, TimeSpan duration, AnalyticsOptions options)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(duration.TotalSeconds));
        var (asked, error) = ParseResolution(value);
        if (error is not null)
        {
            return (null, error);
        }
        if (asked is not { } resolution)
        {
            return ((int)Math.Min(3600, Math.Max(10, (seconds + options.MaxSeriesPoints - 1) / options.MaxSeriesPoints)), null);
        }
        if ((seconds + resolution - 1) / resolution > options.MaxSeriesPoints)
        {
            return (null, $"resolution {resolution} gives more than {options.MaxSeriesPoints} points for this stream: ask for a coarser one");
        }
        return (resolution, null);
    }

    /// <summary>The resolution's form alone (checked before any computation): null when none is given.</summary>
    private static (int? Seconds, string? Error) ParseResolution(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (null, null);
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var resolution) && resolution is >= 1 and <= 3600
            ? (resolution, null)
            : (null, "resolution must be a whole number of seconds from 1 to 3600");
    }

    private static bool TryParseInstant(string? value, out DateTime? instant)
    {
        instant = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }
        // Years 2000–9999: a range reaching outside could not be shifted by the default 30 days without leaving DateTime.
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            || parsed.UtcDateTime.Year is < 2000 or > 9998)
        {
            return false;
        }
        instant = parsed.UtcDateTime;
        return true;
    }

    private static Task<Livestream?> OwnStreamAsync(string id, ClaimsPrincipal user, FavoritedDbContext db, CancellationToken ct) =>
        LivestreamAccess.FindVisibleAsync(db, id, Caller.From(user)!.Id, ct);

    private static FileContentHttpResult Csv(string csv, string fileName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);

    private static EnvelopeError<Status403> NotTheCreator() => ApiError.Forbidden("Only the creator of the livestream can see its analytics");

    private static Conflict<ErrorResponse> NeverLive() => ApiError.Conflict("This livestream never went live: it has no audience yet");
}
