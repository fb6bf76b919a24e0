using System.Text.Json;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// What real clients would do to a LiveKit server, as HTTP calls: connect with a join token, disconnect.
/// Not part of LiveKit's API; only the emulator has it.
/// </summary>
internal static class EmulatorControl
{
    public static void MapEmulatorControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_emulator");
        control.MapPost("/connect", Connect);
        control.MapPost("/disconnect", DisconnectByRequest);
        control.MapGet("/webhooks", (WebhookDispatcher webhooks) => Results.Json(webhooks.Deliveries));
    }

    public record ConnectRequest(string Token);

    public record DisconnectRequest(string Room, string Identity);

    /// <summary>A client connecting with a join token, checked as LiveKit checks it at /rtc.</summary>
    private static IResult Connect(ConnectRequest request, RoomStore store, WebhookDispatcher webhooks, TokenCheck tokens)
    {
        var (claims, error) = tokens.Validate(request.Token ?? "");
        if (error is not null)
        {
            return Results.Text(error, statusCode: 401);
        }
        if (!TokenCheck.Grant(claims, "roomJoin"))
        {
            return Results.Text("permissions denied", statusCode: 401);
        }
        var identity = TokenCheck.Claim(claims, "sub");
        var roomName = TokenCheck.GrantRoom(claims);
        if (identity.Length == 0)
        {
            return Results.Text("identity cannot be empty", statusCode: 400);
        }
        if (string.IsNullOrEmpty(roomName))
        {
            return Results.Text("no room name", statusCode: 400);
        }

        lock (store.Sync)
        {
            var room = store.Find(roomName);
            if (room is null)
            {
                // room.auto_create is on by default: a join token for a missing room creates it.
                room = store.Create(roomName, 0, 0, 0, "");
                webhooks.Send("room_started", room);
            }
            if (room.Participants.ContainsKey(identity))
            {
                // A second connection with the same identity evicts the first (DUPLICATE_IDENTITY).
                Disconnect(room, identity, webhooks);
            }
            if (room.MaxParticipants > 0 && room.Participants.Count >= room.MaxParticipants)
            {
                return Results.Text("room has exceeded its max participants", statusCode: 403);
            }
            var canPublish = !(claims.GetProperty("video").TryGetProperty("canPublish", out var publish)
                && publish.ValueKind == JsonValueKind.False);
            var participant = store.NewParticipant(identity, TokenCheck.Claim(claims, "name"),
                TokenCheck.Claim(claims, "metadata"), canPublish);
            room.Participants[identity] = participant;
            webhooks.Send("participant_joined", room, participant);
            return Results.Json(participant.ToProto().Render(snakeCase: true));
        }
    }

    private static IResult DisconnectByRequest(DisconnectRequest request, RoomStore store, WebhookDispatcher webhooks)
    {
        lock (store.Sync)
        {
            if (store.Find(request.Room) is not { } room || !room.Participants.ContainsKey(request.Identity))
            {
                return TwirpRoomService.TwirpError(404, "not_found", "participant does not exist");
            }
            Disconnect(room, request.Identity, webhooks);
            return Results.Json(new { });
        }
    }

    /// <summary>Removes a participant and tells the webhook URLs. Call with the store locked.</summary>
    public static void Disconnect(Room room, string identity, WebhookDispatcher webhooks)
    {
        var participant = room.Participants[identity];
        room.Participants.Remove(identity);
        participant.State = "DISCONNECTED";
        webhooks.Send("participant_left", room, participant);
    }

    /// <summary>Disconnects everyone, then closes the room, as DeleteRoom does. Call with the store locked.</summary>
    public static void CloseRoom(Room room, RoomStore store, WebhookDispatcher webhooks)
    {
        foreach (var identity in room.Participants.Keys.ToList())
        {
            Disconnect(room, identity, webhooks);
        }
        store.Remove(room.Name);
        webhooks.Send("room_finished", room);
    }
}
