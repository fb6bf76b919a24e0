using System.Text.Json;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// What real clients would do to a LiveKit server, as HTTP calls: connect with a join token, publish and unpublish
/// tracks, disconnect. Not part of LiveKit's API; only the emulator has it.
/// </summary>
internal static partial class EmulatorControl
{
    public static void MapEmulatorControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_emulator");
        control.MapPost("/connect", Connect);
        control.MapPost("/disconnect", DisconnectByRequest);
        control.MapPost("/publish", Publish);
        control.MapPost("/unpublish", Unpublish);
        control.MapGet("/webhooks", (WebhookDispatcher webhooks) => Results.Json(webhooks.Deliveries));
        MapIngressControl(control);
        MapEgressControl(control);
    }

    public record ConnectRequest(string Token);

    public record DisconnectRequest(string Room, string Identity);

    /// <param name="Type"><c>AUDIO</c> or <c>VIDEO</c>; may be left out when <paramref name="Source"/> implies it.</param>
    /// <param name="Source"><c>CAMERA</c>, <c>MICROPHONE</c>, <c>SCREEN_SHARE</c>, <c>SCREEN_SHARE_AUDIO</c>; none is <c>UNKNOWN</c>.</param>
    public record PublishRequest(string Room, string Identity, string? Type = null, string? Source = null, string? Name = null,
        bool Muted = false, uint Width = 0, uint Height = 0);

    public record UnpublishRequest(string Room, string Identity, string TrackSid);

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
                Disconnect(room, identity, webhooks, "DUPLICATE_IDENTITY");
            }
            if (room.MaxParticipants > 0 && room.Participants.Count >= room.MaxParticipants)
            {
                return Results.Text("room has exceeded its max participants", statusCode: 403);
            }
            var permission = ParticipantPermission.FromGrant(claims.GetProperty("video"));
            var attributes = claims.TryGetProperty("attributes", out var claimed) && claimed.ValueKind == JsonValueKind.Object
                ? claimed.EnumerateObject().Where(a => a.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(a => a.Name, a => a.Value.GetString()!)
                : [];
            var participant = store.NewParticipant(identity, TokenCheck.Claim(claims, "name"),
                TokenCheck.Claim(claims, "metadata"), permission, attributes);
            room.Participants[identity] = participant;
            webhooks.Send("participant_joined", room, participant);
            return Results.Json(participant.ToProto().Render(snakeCase: true));
        }
    }

    private static IResult DisconnectByRequest(DisconnectRequest request, RoomStore store, WebhookDispatcher webhooks)
    {
        lock (store.Sync)
        {
            if (store.FindParticipant(request.Room, request.Identity) is not ({ } room, _))
            {
                return TwirpRoomService.ParticipantNotFound();
            }
            Disconnect(room, request.Identity, webhooks, "CLIENT_INITIATED");
            return Results.Json(new { });
        }
    }

    /// <summary>
    /// A connected client publishing a track. Refused as LiveKit refuses the client's AddTrack request (a
    /// <c>RequestResponse</c> with the reason), here as 403 <c>NOT_ALLOWED</c> or 400 <c>UNSUPPORTED_TYPE</c>.
    /// </summary>
    private static IResult Publish(PublishRequest request, RoomStore store, WebhookDispatcher webhooks)
    {
        var source = (request.Source ?? "UNKNOWN").ToUpperInvariant();
        if (!TrackEnums.Sources.Contains(source))
        {
            return Results.Text($"unknown track source \"{request.Source}\"", statusCode: 400);
        }
        var type = request.Type?.ToUpperInvariant() ?? TrackEnums.TypeOfSource(source);
        lock (store.Sync)
        {
            if (store.FindParticipant(request.Room, request.Identity) is not ({ } room, { } participant))
            {
                return TwirpRoomService.ParticipantNotFound();
            }
            // LiveKit checks the permission first, then the type.
            if (!participant.Permission.AllowsSource(source))
            {
                return RequestRefused(403, "NOT_ALLOWED", "no permission to publish track");
            }
            if (type is not ("AUDIO" or "VIDEO"))
            {
                return RequestRefused(400, "UNSUPPORTED_TYPE", "unsupported track type");
            }
            var track = ParticipantTracks.Publish(room, participant, type, source, request.Name ?? "", request.Muted,
                request.Width, request.Height, webhooks);
            return Results.Json(track.ToProto().Render(snakeCase: true));
        }
    }

    private static IResult Unpublish(UnpublishRequest request, RoomStore store, WebhookDispatcher webhooks)
    {
        lock (store.Sync)
        {
            if (store.FindParticipant(request.Room, request.Identity) is not ({ } room, { } participant))
            {
                return TwirpRoomService.ParticipantNotFound();
            }
            if (participant.Tracks.Find(t => t.Sid == request.TrackSid) is not { } track)
            {
                return TwirpCall.TwirpError(404, "not_found", "track is not found");
            }
            ParticipantTracks.Unpublish(room, participant, track, webhooks);
            return Results.Json(new { });
        }
    }

    private static IResult RequestRefused(int status, string reason, string message) =>
        Results.Json(new { reason, message }, statusCode: status);

    /// <summary>Removes a participant and tells the webhook URLs why. Call with the store locked.</summary>
    /// <param name="reason">LiveKit's <c>DisconnectReason</c>: <c>CLIENT_INITIATED</c>, <c>PARTICIPANT_REMOVED</c>, …</param>
    public static void Disconnect(Room room, string identity, WebhookDispatcher webhooks, string reason)
    {
        var participant = room.Participants[identity];
        ParticipantTracks.UnpublishAll(room, participant, webhooks);
        room.Participants.Remove(identity);
        participant.State = "DISCONNECTED";
        participant.DisconnectReason = reason;
        webhooks.Send("participant_left", room, participant);
        if (reason != "CLIENT_INITIATED")
        {
            participant.OnRemovedByServer?.Invoke();
        }
    }

    /// <summary>Disconnects everyone, then closes the room, as DeleteRoom does. Call with the store locked.</summary>
    public static void CloseRoom(Room room, RoomStore store, WebhookDispatcher webhooks)
    {
        foreach (var identity in room.Participants.Keys.ToList())
        {
            Disconnect(room, identity, webhooks, "ROOM_DELETED");
        }
        store.Remove(room.Name);
        webhooks.Send("room_finished", room);
    }
}
