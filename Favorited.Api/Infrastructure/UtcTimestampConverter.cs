using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Favorited.Api.Infrastructure;

/// <summary>ISO-8601 UTC with milliseconds (<c>2025-11-09T10:00:00.000Z</c>), as the original wrote timestamps.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <remarks>Anything but a parseable timestamp is a <see cref="JsonException"/>, which the error envelope answers with 400.</remarks>
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateTime.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
            out var value)
            ? value
            : throw new JsonException("Expected an ISO 8601 timestamp.");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
}
