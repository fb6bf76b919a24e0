using System.Text.Json;
using System.Text.Json.Serialization;

namespace Favorited.Core.LiveKit;

/// <summary>A repeated protobuf enum: each item read as <see cref="ProtoEnumConverter"/> reads one.</summary>
internal sealed class ProtoEnumListConverter : JsonConverter<IReadOnlyList<string>>
{
    private static readonly ProtoEnumConverter Item = new();

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"expected an array of enum names or numbers, found {reader.TokenType}");
        }
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(Item.Read(ref reader, typeof(string), options));
        }
        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }
        writer.WriteEndArray();
    }
}
