using System.Text.Json;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// What every LiveKit Twirp service shares: the auth middleware (plain-text 401 before Twirp sees the call), Twirp's
/// Content-Type and JSON checks, error bodies, and protojson's reading of request fields.
/// </summary>
internal static class TwirpCall
{
    /// <returns>The token's claims (default when there is no token) and the JSON body, or the answer that ends the call.</returns>
    public static async Task<(JsonElement Claims, JsonElement Body, IResult? Refusal)> ReadAsync(HttpRequest request, TokenCheck tokens)
    {
        JsonElement claims = default;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return (default, default, Results.Text("invalid authorization header. Must start with Bearer ", statusCode: 401));
            }
            var (validClaims, error) = tokens.Validate(authorization["Bearer ".Length..]);
            if (error is not null)
            {
                return (default, default, Results.Text(error, statusCode: 401));
            }
            claims = validClaims;
        }

        if (request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (default, default, TwirpError(404, "bad_route", $"unexpected Content-Type: \"{request.ContentType}\""));
        }
        try
        {
            return (claims, (await JsonDocument.ParseAsync(request.Body)).RootElement, null);
        }
        catch (JsonException)
        {
            return (default, default, TwirpError(400, "malformed", "the json request could not be decoded"));
        }
    }

    public static IResult BadRoute(HttpRequest request) => TwirpError(404, "bad_route", $"no handler for path \"{request.Path}\"");

    /// <summary>Every LiveKit service answers a missing or insufficient grant this way (twirpAuthError), never 403.</summary>
    public static IResult PermissionDenied() => TwirpError(401, "unauthenticated", "permissions denied");

    public static IResult Reply(ProtoMessage message) => Results.Json(message.Render(snakeCase: true));

    public static IResult TwirpError(int status, string code, string message) =>
        Results.Json(new { code, msg = message }, statusCode: status);

    public static IResult TwirpError(int status, string code, string message, Dictionary<string, string> meta) =>
        Results.Json(new { code, msg = message, meta }, statusCode: status);

    // protojson accepts the proto name and the lowerCamelCase JSON name alike.
    public static string Field(JsonElement body, string protoName) =>
        Find(body, protoName) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : "";

    public static uint UIntField(JsonElement body, string protoName) => Find(body, protoName) switch
    {
        { ValueKind: JsonValueKind.Number } number => number.GetUInt32(),
        { ValueKind: JsonValueKind.String } text when uint.TryParse(text.GetString(), out var parsed) => parsed,
        _ => 0,
    };

    /// <summary>A proto3 <c>optional bool</c>: null when absent (or JSON null).</summary>
    public static bool? OptionalBool(JsonElement body, string protoName) => Find(body, protoName) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static bool Bool(JsonElement body, string protoName) => OptionalBool(body, protoName) ?? false;

    public static IReadOnlyList<string> Strings(JsonElement body, string protoName) =>
        Find(body, protoName) is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];

    /// <summary>An enum by name or by number, as protojson reads it; <paramref name="names"/> in number order.</summary>
    /// <returns>The name, the zero value when absent, or null when the value names nothing in the enum.</returns>
    public static string? EnumField(JsonElement body, string protoName, IReadOnlyList<string> names) => Find(body, protoName) switch
    {
        null or { ValueKind: JsonValueKind.Null } => names[0],
        { ValueKind: JsonValueKind.String } name => names.Contains(name.GetString()!) ? name.GetString() : null,
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var n) && n >= 0 && n < names.Count => names[n],
        _ => null,
    };

    public static JsonElement? Find(JsonElement body, string protoName)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var parts = protoName.Split('_');
        var camel = parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return body.TryGetProperty(protoName, out var value) || body.TryGetProperty(camel, out value) ? value : null;
    }
}
