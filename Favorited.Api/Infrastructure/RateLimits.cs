using System.Globalization;
using System.Threading.RateLimiting;
using Favorited.Api.Identity;
using Favorited.Api.LiveUpdates;
using Favorited.Core.Chat;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Favorited.Api.Infrastructure;

/// <summary>
/// The original's three limits (section <c>RateLimits</c>), per signed-in account, else per client IP (guests too): <c>General</c> on
/// everything under <c>/api/v1</c> except the webhook receiver (its exemption never matched in the original), <c>Write</c>
/// shared by delete, join and leave, <c>Create</c> for new livestreams; and <c>Identity</c> for registering, signing in and
/// starting a guest identity, always per IP; and <c>PerIp</c>, a ceiling on everything <c>General</c> covers from one address
/// whoever signs in (default ten times <c>General</c>); and <c>Chat</c>, per user and livestream (section <c>Chat</c>:
/// <c>MessagesPerWindow</c> per <c>Window</c>), which chat posts count against instead of <c>General</c> (a lively chat would
/// spend the original's 100 requests per 15 minutes in minutes; <c>PerIp</c> still bounds them). A request passes the general limits first, so all count it. Health is outside
/// <c>/api/v1</c> and never limited. The caller is known here because the limiter runs after authorization.
/// </summary>
public static class RateLimits
{
    public const string Write = "write";
    public const string Create = "create";
    public const string Identity = "identity";
    public const string EventStreams = "event-streams";
    public const string Chat = "chat";
    private const string MessageKey = "favorited.rate-limit-message";
    private const string RetryAfterKey = "favorited.rate-limit-retry-after";

    public static IServiceCollection AddFavoritedRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var general = Read(configuration, "General", 100, TimeSpan.FromMinutes(15));
        var write = Read(configuration, "Write", 20, TimeSpan.FromHours(1));
        var create = Read(configuration, "Create", 5, TimeSpan.FromHours(1));
        var identity = Read(configuration, "Identity", 20, TimeSpan.FromMinutes(15));
        // Accounts are cheap to make, so one address with many of them is held to a ceiling too.
        var perIp = Read(configuration, "PerIp", (int)Math.Min(10L * general.PermitLimit, int.MaxValue), general.Window);

        services.AddRateLimiter(options => options.OnRejected = RejectAsync);
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SseOptions>, IOptions<ChatOptions>>((options, sseOptions, chatOptions) =>
        {
            var sse = sseOptions.Value;
            var chat = new FixedWindowRateLimiterOptions
            {
                PermitLimit = chatOptions.Value.MessagesPerWindow,
                Window = chatOptions.Value.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsLimitedApi(context) && !HasPolicy(context, Chat)
                        ? Partition(context, "general", general, "Too many requests from this IP, please try again later")
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsLimitedApi(context)
                        ? Partition(context, "per-ip", perIp, "Too many requests from this IP, please try again later", byIp: true)
                        : RateLimitPartition.GetNoLimiter("")),
                // One partition for every event stream: the limit for the whole process.
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsEventStream(context)
                        ? OpenAtOnce(context, EventStreams, sse.MaxConnections, sse.LimitRetryAfter,
                            "Too many event streams are open on this server, please try again later")
                        : RateLimitPartition.GetNoLimiter("")));
            options.AddPolicy(Write, context =>
                Partition(context, Write, write, "Too many write operations from this IP, please try again later"));
            options.AddPolicy(Create, context =>
                Partition(context, Create, create, "Too many livestream creation requests, please try again later"));
            options.AddPolicy(Identity, context =>
                Partition(context, Identity, identity, "Too many sign-in attempts from this IP, please try again later", byIp: true));
            options.AddPolicy(Chat, context =>
            {
                context.Items[MessageKey] = "Too many chat messages, please wait a moment";
                // Only signed-in callers (guests too, by their own id) reach a chat post; the stream is the route's.
                return RateLimitPartition.GetFixedWindowLimiter(
                    $"{Chat}:{Caller.From(context.User)?.Id}:{context.Request.RouteValues["id"]}", _ => chat);
            });
            options.AddPolicy(EventStreams, context =>
                OpenAtOnce(context, $"{EventStreams}:{Client(context)}", sse.MaxConnectionsPerClient, sse.LimitRetryAfter,
                    "Too many event streams are open from this client, close one or try again later"));
        });
        return services;
    }

    private static bool IsLimitedApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api/v1") && !context.Request.Path.StartsWithSegments("/api/v1/webhooks");

    private static bool IsEventStream(HttpContext context) => HasPolicy(context, EventStreams);

    private static bool HasPolicy(HttpContext context, string policy) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == policy;

    private static RateLimitPartition<string> OpenAtOnce(HttpContext context, string key, int permits, TimeSpan retryAfter,
        string message)
    {
        context.Items[MessageKey] = message;
        // A concurrency limiter's refusal carries no retry time of its own.
        context.Items[RetryAfterKey] = retryAfter;
        return RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = 0 });
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, FixedWindowRateLimiterOptions limits,
        string message, bool byIp = false)
    {
        // The limiter that rejects is the last one asked, so its message is the one left here.
        context.Items[MessageKey] = message;
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}:{Client(context, byIp)}", _ => limits);
    }

    private static string Client(HttpContext context, bool byIp = false) =>
        // Guests count by address, as anonymous callers do: anyone can start many of them.
        (byIp ? null : Caller.From(context.User)) is { Kind: not CallerKind.Guest } caller
            ? $"user:{caller.Id}"
            : $"ip:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var untilReplenished)
            ? untilReplenished
            : context.Items[RetryAfterKey] as TimeSpan?;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        var message = context.Items[MessageKey] as string ?? "Too many requests, please try again later";
        await ErrorEnvelopeExtensions.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "TooManyRequests", message,
            cancellationToken);
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
