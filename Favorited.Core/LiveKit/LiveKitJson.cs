using System.Text.Json;
using System.Text.Json.Serialization;

namespace Favorited.Core.LiveKit;

public static class LiveKitJson
{
    /// <summary>lowerCamelCase, nulls omitted, int64 read from strings: what LiveKit's SDKs send.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
