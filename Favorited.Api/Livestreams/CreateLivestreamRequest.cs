using System.Text.Json;
using Favorited.Core.Data;

namespace Favorited.Api.Livestreams;

public sealed record CreateLivestreamRequest(
    string? RoomName,
    string? Title,
    string? Description,
    string? CreatedBy,
    int? MaxParticipants,
    int? EmptyTimeout,
    JsonElement? Metadata,
    string? Visibility = null)
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxCreatedByLength = 128;

    /// <summary>The stream asked for (once <see cref="Validate"/> found no problem).</summary>
    public Livestream ToLivestream(string creator) => new()
    {
        RoomName = RoomNames.Sanitize(RoomName!),
        Title = Title!,
        Description = Description,
        CreatedBy = creator,
        MaxParticipants = MaxParticipants ?? Livestream.DefaultMaxParticipants,
        EmptyTimeout = EmptyTimeout ?? Livestream.DefaultEmptyTimeoutSeconds,
        Metadata = Infrastructure.Metadata.ToText(Metadata),
        Visibility = EnumLabels.TryParse<LivestreamVisibility>(Visibility, out var visibility) ? visibility : LivestreamVisibility.Public,
    };

    /// <summary>The first problem, in the original's order and with its messages, or null.</summary>
    /// <param name="bodyNamesCaller">Compatibility mode: the body must name the creator, as in the original.</param>
    public string? Validate(bool bodyNamesCaller)
    {
        if (string.IsNullOrWhiteSpace(RoomName))
        {
            return "Room name is required";
        }
        if (string.IsNullOrWhiteSpace(Title))
        {
            return "Title is required";
        }
        if (bodyNamesCaller && string.IsNullOrWhiteSpace(CreatedBy))
        {
            return "Creator ID (createdBy) is required";
        }
        if (MaxParticipants is < 1)
        {
            return "Max participants must be at least 1";
        }
        if (EmptyTimeout is < 0)
        {
            return "Empty timeout cannot be negative";
        }

        var sanitized = RoomNames.Sanitize(RoomName);
        return sanitized.Length switch
        {
            0 => "Room name must contain at least one letter, digit, '-' or '_'",
            > RoomNames.MaxLength => $"Room name must be at most {RoomNames.MaxLength} characters",
            _ when Title.Length > MaxTitleLength => $"Title must be at most {MaxTitleLength} characters",
            _ when Description?.Length > MaxDescriptionLength => $"Description must be at most {MaxDescriptionLength} characters",
            _ when CreatedBy?.Length > MaxCreatedByLength => $"Creator ID (createdBy) must be at most {MaxCreatedByLength} characters",
            _ when MaxParticipants > 10000 => "Max participants must be at most 10000",
            _ when EmptyTimeout > 86400 => "Empty timeout must be at most 86400 seconds",
            _ when Visibility is not null && !EnumLabels.TryParse<LivestreamVisibility>(Visibility, out _) =>
                $"visibility must be one of {string.Join(", ", EnumLabels.All<LivestreamVisibility>())}",
            // Nobody signs in, so nobody could be let into a private stream.
            _ when bodyNamesCaller && Visibility == LivestreamVisibility.Private.Label() => "Private livestreams need Auth:Mode Accounts",
            _ => Infrastructure.Metadata.Validate(Metadata),
        };
    }
}
