using System.Text.Json.Nodes;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// A protobuf message rendered the two ways LiveKit renders it: Twirp replies in snake_case with every
/// field present, webhook bodies in lowerCamelCase with default values left out. int64 are strings.
/// </summary>
public sealed class ProtoMessage
{
    private readonly List<(string Name, object? Value, bool IsDefault)> _fields = [];

    public ProtoMessage String(string name, string value) => Add(name, JsonValue.Create(value), value.Length == 0);

    public ProtoMessage UInt(string name, uint value) => Add(name, JsonValue.Create(value), value == 0);

    public ProtoMessage Int(string name, int value) => Add(name, JsonValue.Create(value), value == 0);

    /// <summary>A proto3 <c>optional</c> field: left out in both forms when unset, written when set, even to false.</summary>
    public ProtoMessage OptionalBool(string name, bool? value) => value is null ? this : Add(name, JsonValue.Create(value.Value), false);

    /// <summary>A member of a <c>oneof</c>: written only when it is the one set.</summary>
    public ProtoMessage OneOf(string name, ProtoMessage? value) => value is null ? this : Add(name, value, false);

    /// <summary>A <c>oneof</c> enum member: written only when set, even to the zero value.</summary>
    public ProtoMessage OneOfEnum(string name, string? value) => value is null ? this : Add(name, JsonValue.Create(value), false);

    public ProtoMessage Strings(string name, IReadOnlyList<string> values) =>
        Add(name, new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]), values.Count == 0);

    public ProtoMessage Int64(string name, long value) => Add(name, JsonValue.Create(value.ToString()), value == 0);

    public ProtoMessage Bool(string name, bool value) => Add(name, JsonValue.Create(value), !value);

    public ProtoMessage Enum(string name, string value, string zeroValue) => Add(name, JsonValue.Create(value), value == zeroValue);

    public ProtoMessage Message(string name, ProtoMessage? value) => Add(name, value, value is null);

    public ProtoMessage Map(string name, IReadOnlyDictionary<string, string> value) =>
        Add(name, new JsonObject(value.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))), value.Count == 0);

    public ProtoMessage EmptyList(string name) => Add(name, new JsonArray(), true);

    public ProtoMessage Enums(string name, IReadOnlyList<string> values) =>
        Add(name, new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]), values.Count == 0);

    public ProtoMessage Messages(string name, IReadOnlyList<ProtoMessage> values) => Add(name, values, values.Count == 0);

    /// <summary>Twirp reply form (<paramref name="snakeCase"/>) or webhook form.</summary>
    public JsonObject Render(bool snakeCase)
    {
        var json = new JsonObject();
        foreach (var (name, value, isDefault) in _fields)
        {
            var rendered = value switch
            {
                ProtoMessage message => message.Render(snakeCase),
                IReadOnlyList<ProtoMessage> messages => new JsonArray([.. messages.Select(m => (JsonNode?)m.Render(snakeCase))]),
                _ => ((JsonNode?)value)?.DeepClone(),
            };
            if (snakeCase)
            {
                json[name] = rendered;
            }
            else if (!isDefault)
            {
                json[ToLowerCamelCase(name)] = rendered;
            }
        }
        return json;
    }

    private ProtoMessage Add(string name, object? value, bool isDefault)
    {
        _fields.Add((name, value, isDefault));
        return this;
    }

    private static string ToLowerCamelCase(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
