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

    /// <summary>The first problem, in the original's order and with its messages (field rules: <see cref="LivestreamFields"/>), or null.</summary>
    /// <param name="bodyNamesCaller">Compatibility mode: the body must name the creator, as in the original.</param>
    public string? Validate(bool bodyNamesCaller)
    {
        if (string.IsNullOrWhiteSpace(RoomName))
        {
            return "Room name is required";
        }
        if (LivestreamFields.Title(Title) is { } titleProblem)
        {
            return titleProblem;
        }
        if (bodyNamesCaller && string.IsNullOrWhiteSpace(CreatedBy))
        {
            return "Creator ID (createdBy) is required";
        }

        var sanitized = RoomNames.Sanitize(RoomName);
        return LivestreamFields.MaxParticipants(MaxParticipants) ?? LivestreamFields.EmptyTimeout(EmptyTimeout) ?? sanitized.Length switch
        {
            0 => "Room name must contain at least one letter, digit, '-' or '_'",
            > RoomNames.MaxLength => $"Room name must be at most {RoomNames.MaxLength} characters",
            _ when LivestreamFields.Description(Description) is { } problem => problem,
            _ when CreatedBy?.Length > MaxCreatedByLength => $"Creator ID (createdBy) must be at most {MaxCreatedByLength} characters",
            _ when Visibility is not null && !EnumLabels.TryParse<LivestreamVisibility>(Visibility, out _) =>
                $"visibility must be one of {string.Join(", ", EnumLabels.All<LivestreamVisibility>())}",
            // Nobody signs in, so nobody could be let into a private stream.
            _ when bodyNamesCaller && Visibility == LivestreamVisibility.Private.Label() => "Private livestreams need Auth:Mode Accounts",
            _ => LivestreamFields.Metadata(Metadata),
        };
    }
}
