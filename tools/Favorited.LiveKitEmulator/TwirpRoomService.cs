using System.Text.Json;
using Microsoft.Extensions.Options;
using static Favorited.LiveKitEmulator.TwirpCall;

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
        app.Map("/twirp/{**path}", (HttpContext context) => BadRoute(context.Request));
    }

    private static async Task<IResult> Handle(string method, HttpRequest request, RoomStore store,
        WebhookDispatcher webhooks, TokenCheck tokens, IOptions<EmulatorOptions> options)
    {
        var (claims, body, refusal) = await TwirpCall.ReadAsync(request, tokens);
        if (refusal is not null)
        {
            return refusal;
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
                _ => BadRoute(request),
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

    internal static IResult ParticipantNotFound() => TwirpError(404, "not_found", "participant does not exist");
}
