using System.Text.Json;
using Favorited.Core.Livestreams;

namespace Favorited.Api.Livestreams;

/// <summary>An edit: fields left out (or null) stay as they are; an empty <c>description</c> removes it.</summary>
public sealed record UpdateLivestreamRequest(
    string? Title,
    string? Description,
    int? MaxParticipants,
    int? EmptyTimeout,
    JsonElement? Metadata)
{
    /// <summary>The first problem (field rules: <see cref="LivestreamFields"/>, as on create), or null.</summary>
    public string? Validate() =>
        Title is null && Description is null && MaxParticipants is null && EmptyTimeout is null && Metadata is null
            ? "Nothing to change: give at least one of title, description, maxParticipants, emptyTimeout, metadata"
            : (Title is null ? null : LivestreamFields.Title(Title))
              ?? LivestreamFields.Description(Description)
              ?? LivestreamFields.MaxParticipants(MaxParticipants)
              ?? LivestreamFields.EmptyTimeout(EmptyTimeout)
              ?? (Metadata is null ? null : LivestreamFields.Metadata(Metadata));

    public LivestreamChanges ToChanges() => new(Title, Description, MaxParticipants, EmptyTimeout,
        Metadata is null ? null : Infrastructure.Metadata.ToText(Metadata));
}
