using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Favorited.Api.Identity;
using Favorited.Api.Infrastructure;
using Favorited.Core.Chat;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Favorited.Api.Chat;

/// <summary>
/// A livestream's chat: people in the stream post (<see cref="StreamChat.PostAsync"/>), anyone who may see the stream reads
/// its history and settings, its host deletes messages and turns chat or guests' chat off and on. Live, every change is an
/// SSE event of the stream (<c>chat_message</c>, <c>chat_message_deleted</c>, <c>chat_settings</c>).
/// </summary>
public static class ChatApi
{
    public static void MapChatApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/api/v1/livestreams/{id}/chat").WithTags("Chat");
        chat.MapPost("/", PostMessage).RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimits.Chat);
        chat.MapGet("/", ListMessages).RequireAuthorization(Policies.Anyone);
        chat.MapDelete("/{messageId}", DeleteMessage).RequireAuthorization(Policies.Account).RequireRateLimiting(RateLimits.Write);
        chat.MapGet("/settings", GetSettings).RequireAuthorization(Policies.Anyone);
        chat.MapPut("/settings", UpdateSettings).RequireAuthorization(Policies.Account).RequireRateLimiting(RateLimits.Write);
    }

    public static async Task<Results<Created<DataResponse<ChatMessageResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>, Conflict<ErrorResponse>>> PostMessage(string id, PostChatMessageRequest? request, ClaimsPrincipal user,
        StreamChat chat, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        var caller = Caller.From(user)!;
        var author = new ChatAuthor(caller.Id, caller.DisplayName, caller.Kind == CallerKind.Guest);
        return await chat.PostAsync(streamId, author, request?.Text, ct) switch
        {
            ChatPosted(var message) => TypedResults.Created($"/api/v1/livestreams/{streamId}/chat/{message.Id}",
                new DataResponse<ChatMessageResponse>(message)),
            ChatTextRefused(var problem) => ApiError.Validation(problem),
            ChatStreamNotFound => ApiError.LivestreamNotFound(id),
            ChatStreamNotLive => ApiError.Conflict("Livestream is not live"),
            ChatPostForbidden(var reason) => ApiError.Forbidden(reason),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The newest page before <c>before</c> (or the newest), oldest first.</summary>
    public static async Task<Results<Ok<ListResponse<ChatMessageResponse>>, BadRequest<ErrorResponse>, NotFound<ErrorResponse>>> ListMessages(
        string id, string? before, string? limit, ClaimsPrincipal user, Callers callers, StreamChat chat, CancellationToken ct)
    {
        long? beforeId = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return ApiError.Validation("before must be a message id (a whole number)");
            }
            beforeId = parsed;
        }
        var pageSize = StreamChat.DefaultHistoryLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > StreamChat.MaxHistoryLimit))
        {
            return ApiError.Validation($"limit must be an integer from 1 to {StreamChat.MaxHistoryLimit}");
        }
        var page = Guid.TryParse(id, out var streamId)
            ? await chat.HistoryAsync(streamId, callers.Optional(user)?.Id, beforeId, pageSize, ct)
            : null;
        return page is null ? ApiError.LivestreamNotFound(id) : TypedResults.Ok(new ListResponse<ChatMessageResponse>(page));
    }

    public static async Task<Results<Ok<DataResponse<ChatMessageDeletedResponse>>, EnvelopeError<Status403>, NotFound<ErrorResponse>>>
        DeleteMessage(string id, string messageId, ClaimsPrincipal user, StreamChat chat, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        if (!long.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var message))
        {
            return MessageNotFound(messageId);
        }
        return await chat.DeleteAsync(streamId, Caller.From(user)!.Id, message, ct) switch
        {
            ChatMessageRemoved(var deletion) => TypedResults.Ok(new DataResponse<ChatMessageDeletedResponse>(deletion)),
            ChatHostStreamNotFound => ApiError.LivestreamNotFound(id),
            ChatNotHost => NotTheHost(),
            ChatMessageNotFound => MessageNotFound(messageId),
            _ => throw new UnreachableException(),
        };
    }

    public static async Task<Results<Ok<DataResponse<ChatSettingsResponse>>, NotFound<ErrorResponse>>> GetSettings(string id,
        ClaimsPrincipal user, Callers callers, StreamChat chat, CancellationToken ct)
    {
        var settings = Guid.TryParse(id, out var streamId) ? await chat.GetSettingsAsync(streamId, callers.Optional(user)?.Id, ct) : null;
        return settings is null ? ApiError.LivestreamNotFound(id) : TypedResults.Ok(new DataResponse<ChatSettingsResponse>(settings));
    }

    public static async Task<Results<Ok<DataResponse<ChatSettingsResponse>>, BadRequest<ErrorResponse>, EnvelopeError<Status403>,
        NotFound<ErrorResponse>>> UpdateSettings(string id, ChatSettingsRequest? request, ClaimsPrincipal user, StreamChat chat,
        CancellationToken ct)
    {
        if (request is null)
        {
            return ApiError.Validation("Request body is required");
        }
        if (request.Validate() is { } problem)
        {
            return ApiError.Validation(problem);
        }
        if (!Guid.TryParse(id, out var streamId))
        {
            return ApiError.LivestreamNotFound(id);
        }
        var settings = new ChatSettingsResponse(request.Enabled!.Value, request.GuestsMayChat!.Value);
        return await chat.UpdateSettingsAsync(streamId, Caller.From(user)!.Id, settings, ct) switch
        {
            ChatSettingsChanged(var changed) => TypedResults.Ok(new DataResponse<ChatSettingsResponse>(changed)),
            ChatHostStreamNotFound => ApiError.LivestreamNotFound(id),
            ChatNotHost => NotTheHost(),
            _ => throw new UnreachableException(),
        };
    }

    private static EnvelopeError<Status403> NotTheHost() => ApiError.Forbidden("Only the host of the livestream can manage its chat");

    private static NotFound<ErrorResponse> MessageNotFound(string messageId) => ApiError.NotFound($"Chat message with ID {messageId} not found");
}
