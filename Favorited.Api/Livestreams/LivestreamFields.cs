using System.Text.Json;

namespace Favorited.Api.Livestreams;

/// <summary>
/// The rules for a livestream's editable fields, the same on create and on edit. Each answers the field's first problem in
/// the original's words, or null.
/// </summary>
public static class LivestreamFields
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxMaxParticipants = 10000;
    public const int MaxEmptyTimeout = 86400;

    public static string? Title(string? title) =>
        string.IsNullOrWhiteSpace(title) ? "Title is required"
        : title.Length > MaxTitleLength ? $"Title must be at most {MaxTitleLength} characters"
        : null;

    public static string? Description(string? description) =>
        description?.Length > MaxDescriptionLength ? $"Description must be at most {MaxDescriptionLength} characters" : null;

    public static string? MaxParticipants(int? maxParticipants) =>
        maxParticipants < 1 ? "Max participants must be at least 1"
        : maxParticipants > MaxMaxParticipants ? $"Max participants must be at most {MaxMaxParticipants}"
        : null;

    public static string? EmptyTimeout(int? emptyTimeout) =>
        emptyTimeout < 0 ? "Empty timeout cannot be negative"
        : emptyTimeout > MaxEmptyTimeout ? $"Empty timeout must be at most {MaxEmptyTimeout} seconds"
        : null;

    public static string? Metadata(JsonElement? metadata) => Infrastructure.Metadata.Validate(metadata);
}
