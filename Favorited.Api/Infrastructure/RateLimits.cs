using System.Globalization;
using System.Threading.RateLimiting;
using Favorited.Api.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace Favorited.Api.Infrastructure;

/// <summary>
/// The original's three limits (section <c>RateLimits</c>), per signed-in account, else per client IP (guests too): <c>General</c> on
/// everything under <c>/api/v1</c> except the webhook receiver (its exemption never matched in the original), <c>Write</c>
/// shared by delete, join and leave, <c>Create</c> for new livestreams; and <c>Identity</c> for registering, signing in and
/// starting a guest identity, always per IP. A request passes the general limit first, so both count it. Health is outside
/// <c>/api/v1</c> and never limited. The caller is known here because the limiter runs after authorization.
/// </summary>
public static class RateLimits
{
    public const string Write = "write";
    public const string Create = "create";
    public const string Identity = "identity";
    private const string MessageKey = "favorited.rate-limit-message";

    public static IServiceCollection AddFavoritedRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var general = Read(configuration, "General", 100, TimeSpan.FromMinutes(15));
        var write = Read(configuration, "Write", 20, TimeSpan.FromHours(1));
        var create = Read(configuration, "Create", 5, TimeSpan.FromHours(1));
        var identity = Read(configuration, "Identity", 20, TimeSpan.FromMinutes(15));

        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api/v1") && !context.Request.Path.StartsWithSegments("/api/v1/webhooks")
                    ? Partition(context, "general", general, "Too many requests from this IP, please try again later")
                    : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(Write, context =>
                Partition(context, Write, write, "Too many write operations from this IP, please try again later"));
            options.AddPolicy(Create, context =>
                Partition(context, Create, create, "Too many livestream creation requests, please try again later"));
            options.AddPolicy(Identity, context =>
                Partition(context, Identity, identity, "Too many sign-in attempts from this IP, please try again later", byIp: true));
            options.OnRejected = RejectAsync;
        });
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, FixedWindowRateLimiterOptions limits,
        string message, bool byIp = false)
    {
        // The limiter that rejects is the last one asked, so its message is the one left here.
        context.Items[MessageKey] = message;
        // Guests count by address, as anonymous callers do: anyone can start many of them.
        var client = (byIp ? null : Caller.From(context.User)) is { Kind: not CallerKind.Guest } caller
            ? $"user:{caller.Id}"
            : $"ip:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}:{client}", _ => limits);
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var message = context.Items[MessageKey] as string ?? "Too many requests, please try again later";
        await context.Response.WriteAsJsonAsync(new ErrorResponse("TooManyRequests", message, 429), cancellationToken);
    }

    private static FixedWindowRateLimiterOptions Read(IConfiguration configuration, string name, int permits, TimeSpan window)
    {
        var section = configuration.GetSection($"RateLimits:{name}");
        return new FixedWindowRateLimiterOptions
        {
            PermitLimit = section.GetValue("PermitLimit", permits),
            Window = section.GetValue("Window", window),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
