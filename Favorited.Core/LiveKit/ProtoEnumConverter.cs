using System.Text.Json;
using System.Text.Json.Serialization;

namespace Favorited.Core.LiveKit;

/// <summary>
/// Protobuf JSON writes enums by name, but may write them as numbers; both are read, as the name
/// or as the number's text, so that an enum value newer than this code does not break parsing.
/// </summary>
internal sealed class ProtoEnumConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Number => reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new JsonException($"expected an enum name or number, found {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
