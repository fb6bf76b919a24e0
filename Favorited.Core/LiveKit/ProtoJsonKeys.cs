using System.Text.Json.Nodes;

namespace Favorited.Core.LiveKit;

/// <summary>
/// The OSS server replies in snake_case (<c>creation_time</c>), SDKs and webhooks use lowerCamelCase
/// (<c>creationTime</c>). Replies are rewritten to lowerCamelCase before binding, leaving the keys
/// inside map fields (user data such as <c>attributes</c>) as they are.
/// </summary>
internal static class ProtoJsonKeys
{
    private static readonly HashSet<string> MapFields = ["attributes", "tags"];

    public static JsonNode? ToLowerCamelCase(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var renamed = new JsonObject();
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    var name = ToLowerCamelCase(key);
                    renamed[name] = MapFields.Contains(name) ? value : ToLowerCamelCase(value);
                }
                return renamed;
            case JsonArray array:
                var items = array.ToList();
                array.Clear();
                return new JsonArray(items.Select(ToLowerCamelCase).ToArray());
            default:
                return node;
        }
    }

    private static string ToLowerCamelCase(string key)
    {
        if (!key.Contains('_'))
        {
            return key;
        }
        var parts = key.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
