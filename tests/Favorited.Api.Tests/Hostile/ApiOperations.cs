using System.Text.Json;

namespace Favorited.Api.Tests.Hostile;

/// <summary>One operation of the Api as its OpenAPI document describes it: what the hostile requests are generated from.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<ApiField> Query,
    IReadOnlyList<ApiField> Body)
{
    public bool IsEventStream => Path.EndsWith("/events", StringComparison.Ordinal);

    public bool IsWebhook => Path.Contains("/webhooks/", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A query parameter or a body property, with its JSON type (<c>string</c>, <c>integer</c>, <c>boolean</c>, <c>object</c> …).</summary>
public sealed record ApiField(string Name, string Type);

public static class ApiOperations
{
    /// <summary>Every operation in the document (OpenAPI 3.1, as ASP.NET Core writes it).</summary>
    public static IReadOnlyList<ApiOperation> Read(JsonElement document)
    {
        var schemas = document.GetProperty("components").TryGetProperty("schemas", out var found) ? found : default;
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                operations.Add(new ApiOperation(
                    operation.Name.ToUpperInvariant(),
                    path.Name,
                    [.. parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!)],
                    [.. parameters.Where(p => p.GetProperty("in").GetString() == "query")
                        .Select(p => new ApiField(p.GetProperty("name").GetString()!, TypeOf(p.GetProperty("schema"), schemas)))],
                    BodyFields(operation.Value, schemas)));
            }
        }
        return operations;
    }

    private static List<ApiField> BodyFields(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body)
            || !body.GetProperty("content").TryGetProperty("application/json", out var json)
            || Resolve(json.GetProperty("schema"), schemas) is not { } schema
            || !schema.TryGetProperty("properties", out var properties))
        {
            return [];
        }
        return [.. properties.EnumerateObject().Select(p => new ApiField(p.Name, TypeOf(p.Value, schemas)))];
    }

    private static string TypeOf(JsonElement schema, JsonElement schemas)
    {
        var resolved = Resolve(schema, schemas) ?? schema;
        if (!resolved.TryGetProperty("type", out var type))
        {
            return "any";
        }
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "any"
            : type.GetString()!;
    }

    private static JsonElement? Resolve(JsonElement schema, JsonElement schemas)
    {
        // A nullable body or member is "oneOf: [null, the schema]".
        if (schema.TryGetProperty("oneOf", out var alternatives) || schema.TryGetProperty("anyOf", out alternatives))
        {
            var alternative = alternatives.EnumerateArray().FirstOrDefault(a =>
                !(a.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null"));
            return alternative.ValueKind == JsonValueKind.Object ? Resolve(alternative, schemas) : null;
        }
        if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object)
        {
            return schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out var target) ? target : null;
        }
        return schema;
    }
}
