using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// RoomService with the OSS server's semantics: CreateRoom returns an existing room unchanged,
/// DeleteRoom of a missing room is <c>not_found</c>, ListParticipants of a missing room is empty, and a
/// missing or insufficient grant is <c>unauthenticated</c> (401), never 403.
/// </summary>
internal static partial class TwirpRoomService
{
    private const int MaxRoomNameBytes = 256;

    public static void MapTwirpRoomService(this IEndpointRouteBuilder app)
    {
        app.MapPost("/twirp/livekit.RoomService/{method}", Handle);
        app.Map("/twirp/{**path}", (HttpContext context) =>
            TwirpError(StatusCodes.Status404NotFound, "bad_route", $"no handler for path \"{context.Request.Path}\""));
    }

    private static async Task<IResult> Handle(string method, HttpRequest request, RoomStore store,
        WebhookDispatcher webhooks, TokenCheck tokens, IOptions<EmulatorOptions> options)
    {
        JsonElement claims = default;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Results.Text("invalid authorization header. Must start with Bearer ", statusCode: 401);
            }
            var (validClaims, error) = tokens.Validate(authorization["Bearer ".Length..]);
            if (error is not null)
            {
                return Results.Text(error, statusCode: 401);
            }
            claims = validClaims;
        }

        if (request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TwirpError(404, "bad_route", $"unexpected Content-Type: \"{request.ContentType}\"");
        }
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(request.Body)).RootElement;
        }
        catch (JsonException)
        {
            return TwirpError(400, "malformed", "the json request could not be decoded");
        }

        lock (store.Sync)
        {
            return method switch
            {
                "CreateRoom" => CreateRoom(body, claims, store, webhooks),
                "DeleteRoom" => DeleteRoom(body, claims, store, webhooks),
                "ListRooms" => ListRooms(body, claims, store),
                "ListParticipants" => ListParticipants(body, claims, store),
                "GetParticipant" => GetParticipant(body, claims, store),
                "RemoveParticipant" => RemoveParticipant(body, claims, store, webhooks),
                "UpdateRoomMetadata" => UpdateRoomMetadata(body, claims, store),
                "UpdateParticipant" => UpdateParticipant(body, claims, store, webhooks),
                "MutePublishedTrack" => MutePublishedTrack(body, claims, store, options.Value),
                _ => TwirpError(404, "bad_route", $"no handler for path \"{request.Path}\""),
            };
        }
    }

    private static IResult CreateRoom(JsonElement body, JsonElement claims, RoomStore store, WebhookDispatcher webhooks)
    {
        if (!TokenCheck.Grant(claims, "roomCreate"))
        {
            return PermissionDenied();
        }
        var name = Field(body, "name");
        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxRoomNameBytes)
        {
            return TwirpError(400, "invalid_argument", $"room name length exceeds limits: max length {MaxRoomNameBytes}");
        }
        if (store.Find(name) is { } existing)
        {
            return Reply(existing.ToProto());
        }
        var room = store.Create(name, UIntField(body, "empty_timeout"), UIntField(body, "departure_timeout"),
            UIntField(body, "max_participants"), Field(body, "metadata"));
        webhooks.Send("room_started", room);
        return Reply(room.ToProto());
    }

    private static IResult DeleteRoom(JsonElement body, JsonElement claims, RoomStore store, WebhookDispatcher webhooks)
    {
        if (!TokenCheck.Grant(claims, "roomCreate"))
        {
            return PermissionDenied();
        }
        if (store.Find(Field(body, "room")) is not { } room)
        {
            return TwirpError(404, "not_found", "requested room does not exist");
        }
        EmulatorControl.CloseRoom(room, store, webhooks);
        return Results.Json(new { });
    }

    private static IResult ListRooms(JsonElement body, JsonElement claims, RoomStore store)
    {
        if (!TokenCheck.Grant(claims, "roomList"))
        {
            return PermissionDenied();
        }
        var names = body.TryGetProperty("names", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(n => n.GetString()).ToHashSet()
            : [];
        var rooms = store.All().Where(r => names.Count == 0 || names.Contains(r.Name));
        return Results.Json(new { rooms = rooms.Select(r => r.ToProto().Render(snakeCase: true)) });
    }

    private static IResult ListParticipants(JsonElement body, JsonElement claims, RoomStore store)
    {
        var roomName = Field(body, "room");
        if (!IsAdminOf(claims, roomName))
        {
            return PermissionDenied();
        }
        var participants = store.Find(roomName)?.Participants.Values.ToList() ?? [];
        return Results.Json(new { participants = participants.Select(p => p.ToProto().Render(snakeCase: true)) });
    }

    private static IResult GetParticipant(JsonElement body, JsonElement claims, RoomStore store)
    {
        var roomName = Field(body, "room");
        if (!IsAdminOf(claims, roomName))
        {
            return PermissionDenied();
        }
        return store.FindParticipant(roomName, Field(body, "identity")) is (_, { } participant)
            ? Reply(participant.ToProto())
            : ParticipantNotFound();
    }

    private static IResult RemoveParticipant(JsonElement body, JsonElement claims, RoomStore store, WebhookDispatcher webhooks)
    {
        var roomName = Field(body, "room");
        if (!IsAdminOf(claims, roomName))
        {
            return PermissionDenied();
        }
        if (store.FindParticipant(roomName, Field(body, "identity")) is not ({ } room, _))
        {
            return ParticipantNotFound();
        }
        EmulatorControl.Disconnect(room, Field(body, "identity"), webhooks, "PARTICIPANT_REMOVED");
        return Results.Json(new { });
    }

    private static IResult UpdateRoomMetadata(JsonElement body, JsonElement claims, RoomStore store)
    {
        var roomName = Field(body, "room");
        if (!IsAdminOf(claims, roomName))
        {
            return PermissionDenied();
        }
        if (store.Find(roomName) is not { } room)
        {
            return TwirpError(404, "not_found", "requested room does not exist");
        }
        room.Metadata = Field(body, "metadata");
        return Reply(room.ToProto());
    }

    // roomAdmin counts only for the room named in the token.
    private static bool IsAdminOf(JsonElement claims, string room) =>
        TokenCheck.Grant(claims, "roomAdmin") && TokenCheck.GrantRoom(claims) == room;

    private static IResult PermissionDenied() => TwirpError(401, "unauthenticated", "permissions denied");

    internal static IResult ParticipantNotFound() => TwirpError(404, "not_found", "participant does not exist");

    private static IResult Reply(ProtoMessage message) => Results.Json(message.Render(snakeCase: true));

    internal static IResult TwirpError(int status, string code, string message) =>
        Results.Json(new { code, msg = message }, statusCode: status);

    private static IResult TwirpError(int status, string code, string message, Dictionary<string, string> meta) =>
        Results.Json(new { code, msg = message, meta }, statusCode: status);

    // protojson accepts the proto name and the lowerCamelCase JSON name alike.
    private static string Field(JsonElement body, string protoName) =>
        Find(body, protoName) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : "";

    private static uint UIntField(JsonElement body, string protoName) => Find(body, protoName) switch
    {
        { ValueKind: JsonValueKind.Number } number => number.GetUInt32(),
        { ValueKind: JsonValueKind.String } text when uint.TryParse(text.GetString(), out var parsed) => parsed,
        _ => 0,
    };

    private static JsonElement? Find(JsonElement body, string protoName)
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
