using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Favorited.Api.Tests.Hostile;

/// <summary>A request built to break something; <see cref="ToString"/> says what it is, so a failure names it.</summary>
public sealed record HostileRequest(ApiOperation Operation, string Method, string Path, string? Authorization,
    IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, string? ContentType, bool SignBody, string Description)
{
    public override string ToString() => $"{Method} {Truncate(Path)} [{Description}] auth={Truncate(Authorization ?? "none")} " +
        $"headers={string.Join(", ", Headers.Select(h => $"{h.Name}: {Truncate(h.Value)}"))} " +
        $"body={(Body is null ? "none" : Truncate(Encoding.UTF8.GetString(Body)))}";

    private static string Truncate(string text) => text.Length > 160 ? $"{text[..160]}…({text.Length})" : text;
}

/// <summary>What the hostile requests may aim at: real ids and tokens, so requests also get past the first checks.</summary>
public sealed record HostileTargets(string StreamId, string InviteId, string InviteCode, string CallerId, string? AccountToken,
    string? GuestToken, bool BodyNamesCaller);

/// <summary>
/// Generates hostile requests for every operation in the Api's OpenAPI document: one field, parameter, path segment, header or
/// the whole body replaced by something a caller should not send (U+0000, unpaired surrogates, control and bidirectional
/// characters, very long text, wrong JSON types, huge and negative numbers, deep nesting, malformed or truncated JSON, wrong
/// content types, invalid percent-encoding, garbage tokens), the rest plausible.
/// </summary>
public static class HostileRequests
{
    private static readonly string[] NastyStrings =
    [
        "\0", "a\0b", "\u0001\u0002\u0003", "\u001b[31mred", "\u202Eevil\u202C", "\uFEFF", "\uFFFF", "\uFFFE", "\r\n\r\nX-Injected: 1",
        "' OR 1=1 --", "\"; DROP TABLE livestreams; --", "../../etc/passwd", "%00", "%s%s%n", "{{7*7}}", "${jndi:ldap://x}", "<script>alert(1)</script>",
        "🎥🎥🎥", "ǅ", "\u0301\u0301\u0301", "null", "true", "0", "-1", " ", "", "\t", "HOST", "VIEWER", "PUBLIC", "PRIVATE", "LIVE", "ENDED",
        $"{(char)0xD800}", $"x{(char)0xDC00}y", $"{(char)0xDBFF}{(char)0xDBFF}", "\u2028\u2029", "\u00A0", new string('a', 129), new string('é', 300),
    ];

    private static readonly string[] RawJsonValues =
    [
        "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649", "0.5", "-0", "1E2", "NaN", "Infinity",
        "true", "false", "null", "[]", "{}", "[1,2,3]", """{"a":{"b":{"c":1}}}""", """ "\u0000" """, """ "\ud800" """, """ "\udfff\ud800" """,
        """ "\u0000\u0000" """, """{"\u0000":1}""", """{"a":"\u0000"}""", """{"a":"\ud800"}""", string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)),
        """{"__proto__":{"admin":true}}""", "\"" + new string('x', 9000) + "\"",
    ];

    private static readonly string[] WholeBodies =
    [
        "", "{", "}", "{\"a\":", "not json", "null", "[]", "\"text\"", "42", "{\"a\":1,\"a\":2}", "\uFEFF{}", "{'single':'quotes'}",
        "{\"a\":1}garbage", "{\"a\":1,}", "/* comment */ {}", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + string.Concat(Enumerable.Repeat("}", 100)),
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=latin1", "application/xml", "application/json;;;", "*/*",
    ];

    private static readonly string[] RawQueryValues = ["%", "%zz", "%00", "%C0%80", "%ED%A0%80", "%FF%FE", "a%00b", "%E2%80%AE", "+", "%2B%2B", "%26x%3D1"];

    private static readonly string[] Tokens =
    [
        "Bearer ", "Bearer a.", "Bearer g.", "Bearer a.AAAA", "Bearer g.AAAA", "Bearer x.y.z", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.",
        "Basic Zm9vOmJhcg==", "Bearer " + new string('A', 8000), "bearer", "Bearer a.%00", "Negotiate abc",
    ];

    public static Gen<HostileRequest> For(IReadOnlyList<ApiOperation> operations, HostileTargets targets) =>
        from operation in Gen.Elements(operations.ToArray())
        from kind in Gen.Elements("field", "field", "field", "body", "query", "query", "path", "path", "header", "auth", "content-type")
        from seed in Gen.Choose(0, int.MaxValue)
        select Build(operation, kind, new Random(seed), targets);

    private static HostileRequest Build(ApiOperation operation, string kind, Random random, HostileTargets targets)
    {
        // The kind is what is hostile; where the operation has nothing of that kind, a field or the body is.
        kind = kind switch
        {
            "field" when operation.Body.Count == 0 => "body",
            "query" when operation.Query.Count == 0 => "extra-query",
            "path" when operation.PathParameters.Count == 0 => "extra-query",
            _ => kind,
        };
        var description = new List<string> { kind };
        var hostilePath = kind == "path" ? random.GetItems(operation.PathParameters.ToArray(), 1)[0] : null;
        var path = operation.Path;
        foreach (var parameter in operation.PathParameters)
        {
            var value = parameter == hostilePath ? HostileText(random) : PlausiblePathValue(parameter, targets, random);
            if (parameter == hostilePath)
            {
                description.Add($"{parameter}={Escape(value)}");
            }
            path = path.Replace($"{{{parameter}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var query = new List<string>();
        var hostileQuery = kind == "query" ? random.GetItems(operation.Query.ToArray(), 1)[0].Name : null;
        foreach (var field in operation.Query)
        {
            if (field.Name == hostileQuery)
            {
                var raw = random.Next(3) == 0 ? random.GetItems(RawQueryValues, 1)[0] : Uri.EscapeDataString(HostileText(random));
                query.Add($"{field.Name}={raw}");
                description.Add($"query {field.Name}={raw}");
            }
            else if (random.Next(3) != 0)
            {
                query.Add($"{field.Name}={Uri.EscapeDataString(PlausibleText(field.Name, targets, random))}");
            }
        }
        if (kind == "extra-query")
        {
            var raw = random.GetItems(RawQueryValues, 1)[0];
            query.Add($"{raw}={raw}");
            description.Add($"query {raw}");
        }
        if (query.Count > 0)
        {
            path += "?" + string.Join('&', query);
        }

        var authorization = kind == "auth" ? random.GetItems(Tokens, 1)[0] : PlausibleAuthorization(random, targets);
        var headers = new List<(string, string)>();
        if (kind == "header")
        {
            var (name, value) = HostileHeader(random);
            headers.Add((name, value));
            description.Add($"header {name}");
        }

        var (body, contentType) = Body(operation, kind, random, targets, description);
        var method = kind == "content-type" && random.Next(4) == 0 ? random.GetItems(["PUT", "PATCH", "OPTIONS", "TRACE"], 1)[0] : operation.Method;
        // The webhook receiver checks a signature first; a validly signed hostile body reaches the parser behind it.
        var sign = operation.IsWebhook && random.Next(2) == 0;
        return new HostileRequest(operation, method, path, authorization, headers, body, contentType, sign, string.Join("; ", description));
    }

    private static (byte[]? Body, string? ContentType) Body(ApiOperation operation, string kind, Random random, HostileTargets targets,
        List<string> description)
    {
        if (kind == "body" || (operation.Body.Count == 0 && random.Next(3) == 0))
        {
            var whole = random.Next(5) == 0 ? RawJsonValues[random.Next(RawJsonValues.Length)] : WholeBodies[random.Next(WholeBodies.Length)];
            description.Add("whole body");
            return (random.Next(6) == 0 ? [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80] : Encoding.UTF8.GetBytes(whole), "application/json");
        }
        if (operation.Body.Count == 0 && operation.Method is "GET" or "DELETE" && kind != "content-type")
        {
            return (null, null);
        }

        var hostileField = kind == "field" ? random.GetItems(operation.Body.ToArray(), 1)[0].Name : null;
        var members = new List<string>();
        foreach (var field in operation.Body)
        {
            if (field.Name == hostileField)
            {
                var value = random.Next(5) < 3
                    ? JsonSerializer.Serialize(HostileText(random))
                    : RawJsonValues[random.Next(RawJsonValues.Length)];
                members.Add($"{JsonSerializer.Serialize(field.Name)}:{value}");
                description.Add($"{field.Name}={(value.Length > 60 ? value[..60] + "…" : value)}");
            }
            else if (random.Next(10) != 0)
            {
                members.Add($"{JsonSerializer.Serialize(field.Name)}:{PlausibleJson(field, targets, random)}");
            }
        }
        if (random.Next(8) == 0)
        {
            members.Add($"{JsonSerializer.Serialize(HostileText(random))}:1");
            description.Add("extra member");
        }
        var json = "{" + string.Join(',', members) + "}";
        var contentType = kind == "content-type" ? random.GetItems(ContentTypes, 1)[0] : "application/json";
        if (kind == "content-type")
        {
            description.Add($"content-type {contentType}");
        }
        return (Encoding.UTF8.GetBytes(json), contentType);
    }

    /// <summary>Characters PostgreSQL's text or Npgsql's encoder refuse: U+0000 and unpaired surrogates.</summary>
    private static readonly char[] RefusedByStorage = ['\0', (char)0xD800, (char)0xDBFF, (char)0xDC00, (char)0xDFFF];

    private static string HostileText(Random random) => random.Next(10) switch
    {
        < 3 => "plausible text".Insert(random.Next(15), RefusedByStorage[random.Next(RefusedByStorage.Length)].ToString()),
        < 5 => NastyStrings[random.Next(NastyStrings.Length)],
        < 7 => new string(Enumerable.Range(0, random.Next(1, 24)).Select(_ => (char)random.Next(0, 0x10000)).ToArray()),
        < 8 => new string((char)random.Next(0x20, 0x7F), random.Next(100, 20_000)),
        _ => "plain" + NastyStrings[random.Next(NastyStrings.Length)] + "text",
    };

    private static (string Name, string Value) HostileHeader(Random random) => random.Next(6) switch
    {
        0 => ("Last-Event-ID", random.GetItems(["-1", "abc", "99999999999999999999999", "1-2", " ", new string('9', 5000), "0x10"], 1)[0]),
        1 => ("X-Forwarded-For", random.GetItems(["not-an-ip", "999.1.1.1", "::::", "1.2.3.4, 5.6.7.8, x", new string('1', 3000)], 1)[0]),
        2 => ("Cache-Control", random.GetItems(["no-cache=\"", "max-age=-1", "\"", "no-cache, no-cache, ="], 1)[0]),
        3 => ("Accept", random.GetItems(["text/event-stream;q=abc", "*/*;;", "application/json; charset=ebcdic"], 1)[0]),
        4 => ("Origin", random.GetItems(["null", "http://evil.test", "javascript:alert(1)", new string('o', 4000)], 1)[0]),
        _ => ("X-" + new string('h', random.Next(1, 200)), new string('v', random.Next(0, 8000))),
    };

    private static string? PlausibleAuthorization(Random random, HostileTargets targets) => random.Next(5) switch
    {
        0 => null,
        1 => targets.GuestToken is null ? null : $"Bearer {targets.GuestToken}",
        _ => targets.AccountToken is null ? null : $"Bearer {targets.AccountToken}",
    };

    private static string PlausiblePathValue(string parameter, HostileTargets targets, Random random) => parameter switch
    {
        "inviteId" => random.Next(3) == 0 ? Guid.NewGuid().ToString() : targets.InviteId,
        "code" => random.Next(3) == 0 ? "no-such-code" : targets.InviteCode,
        _ => random.Next(4) == 0 ? Guid.NewGuid().ToString() : targets.StreamId,
    };

    private static string PlausibleText(string name, HostileTargets targets, Random random) => name.ToLowerInvariant() switch
    {
        "status" => random.GetItems(["LIVE", "SCHEDULED", "ENDED", "JOINED", "LEFT"], 1)[0],
        "role" => random.GetItems(["HOST", "VIEWER"], 1)[0],
        "visibility" => random.GetItems(["PUBLIC", "PRIVATE"], 1)[0],
        "createdby" or "userid" => targets.CallerId,
        "ids" => $"{targets.StreamId},{Guid.NewGuid()}",
        "limit" or "offset" or "maxuses" => random.Next(0, 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "email" => $"{Guid.NewGuid():N}@example.test",
        "password" => "Corr3ct-horse",
        "roomname" => $"room-{Guid.NewGuid():N}",
        _ => "plausible text",
    };

    private static string PlausibleJson(ApiField field, HostileTargets targets, Random random) => field.Type switch
    {
        "integer" or "number" => random.Next(0, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "boolean" => random.Next(2) == 0 ? "true" : "false",
        "object" or "any" when field.Name.Contains("metadata", StringComparison.OrdinalIgnoreCase) => """{"k":"v"}""",
        _ when field.Name.Equals("expiresAt", StringComparison.OrdinalIgnoreCase) => JsonSerializer.Serialize(DateTime.UtcNow.AddHours(1)),
        _ => JsonSerializer.Serialize(PlausibleText(field.Name, targets, random)),
    };

    private static string Escape(string value) => value.Length > 40 ? JsonSerializer.Serialize(value[..40]) + "…" : JsonSerializer.Serialize(value);
}
