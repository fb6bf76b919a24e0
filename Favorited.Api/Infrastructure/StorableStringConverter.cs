using System.Text.Json;
using System.Text.Json.Serialization;
using Favorited.Core.Data;

namespace Favorited.Api.Infrastructure;

/// <summary>
/// Every string a request body carries is checked as it is read (<see cref="StorableText"/>), so text PostgreSQL refuses is a
/// 400 naming the field, whichever endpoint it was sent to.
/// </summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? value;
        try
        {
            value = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped unpaired surrogate; a number or an object where a string belongs still gets the framework's own message.
            if (reader.TokenType != JsonTokenType.String)
            {
                throw;
            }
            throw new UnstorableJsonTextException();
        }
        return StorableText.IsStorable(value) ? value : throw new UnstorableJsonTextException();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Thrown by <see cref="StorableStringConverter"/>; the serializer adds the field's path.</summary>
public sealed class UnstorableJsonTextException() : JsonException(StorableText.Problem)
{
    /// <summary>The field as the client named it: <c>title</c> for <c>$.title</c>.</summary>
    public string Field => Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : Path ?? "body";
}
