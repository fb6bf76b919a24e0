using System.Text;
using System.Text.Json;
using Favorited.Core.Data;

namespace Favorited.Api.Infrastructure;

/// <summary>Free-form metadata of livestreams and participants: a JSON object of limited size, stored as its text.</summary>
public static class Metadata
{
    public const int MaxBytes = 8 * 1024;

    /// <returns>The problem in the original's words, or null when the metadata may be stored.</returns>
    public static string? Validate(JsonElement? metadata)
    {
        if (metadata is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return "Metadata must be a JSON object";
        }
        var text = value.GetRawText();
        return Encoding.UTF8.GetByteCount(text) > MaxBytes ? $"Metadata must be at most {MaxBytes / 1024} KB"
            : !StorableText.IsStorableJson(text) ? $"Metadata {StorableText.Problem}"
            : null;
    }

    /// <summary>What is stored for validated metadata: the object's JSON text, or null.</summary>
    public static string? ToText(JsonElement? metadata) =>
        metadata is { ValueKind: JsonValueKind.Object } value ? value.GetRawText() : null;

    public static JsonElement? Parse(string? text) => text is null ? null : JsonSerializer.Deserialize<JsonElement>(text);
}
