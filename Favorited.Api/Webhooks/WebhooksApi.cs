using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Favorited.Api.Infrastructure;
using Favorited.Core.LiveKit;
using Favorited.Core.Webhooks;

namespace Favorited.Api.Webhooks;

public static class WebhooksApi
{
    private const string LogCategory = "Favorited.Api.Webhooks";
    private static readonly string[] AcceptedMediaTypes = ["application/webhook+json", "application/json"];

    // The two answers LiveKit gets, serialized once: this is the hottest path of the Api.
    private static readonly byte[] Queued = Answer("Webhook queued for processing");
    private static readonly byte[] AlreadyReceived = Answer("Webhook already received");

    public static RouteHandlerBuilder MapWebhooksApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/webhooks/livekit", ReceiveLiveKitWebhook)
            // LiveKit's deliveries are never limited; saying so here skips the limiter middleware altogether.
            .DisableRateLimiting()
            // LiveKit proves itself by signing the body, not by a token.
            .AllowAnonymous()
            .WithTags("Webhooks")
            .Produces<MessageResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorResponse>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// Verifies LiveKit's signature on the exact body bytes, then queues the event once per id. 200 only
    /// after Redis holds it; a Redis outage is a 503, which LiveKit retries.
    /// </summary>
    public static async Task<IResult> ReceiveLiveKitWebhook(HttpRequest request, WebhookVerifier verifier, WebhookQueue queue,
        TimeProvider timeProvider, ILoggerFactory loggers, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        var body = await ReadBodyAsync(request.BodyReader, ct);
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase) || body.Length == 0)
        {
            return ApiError.Create(StatusCodes.Status400BadRequest, "BadRequest", "Invalid webhook body format");
        }

        var verification = verifier.Verify(request.Headers.Authorization.ToString(), body);
        if (!verification.IsValid)
        {
            Log.WebhookRejected(loggers.CreateLogger(LogCategory), verification.Rejection!.Value, verification.Reason!);
            // A signature that checks out over a body that is no webhook: the body is at fault, not the signature.
            return verification.Rejection == WebhookRejection.MalformedBody
                ? ApiError.Create(StatusCodes.Status400BadRequest, "BadRequest", "Invalid webhook body format")
                : ApiError.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "Invalid webhook signature");
        }
        var webhook = verification.Event!;
        if (string.IsNullOrEmpty(webhook.Id))
        {
            return ApiError.Create(StatusCodes.Status400BadRequest, "BadRequest", "Webhook event has no id");
        }

        var added = await queue.EnqueueAsync(new ReceivedWebhook(webhook.Id, webhook.Event, webhook.Room?.Name ?? "",
            Encoding.UTF8.GetString(body), Activity.Current?.Id ?? "", timeProvider.GetUtcNow()));
        return JsonBody.Of(added ? Queued : AlreadyReceived);
    }

    /// <summary>The whole body in one array (Kestrel enforces the size limit while it is read).</summary>
    private static async Task<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var read = await reader.ReadAsync(ct);
            if (read.IsCompleted)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static byte[] Answer(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new MessageResponse(message), JsonSerializerOptions.Web);
}
