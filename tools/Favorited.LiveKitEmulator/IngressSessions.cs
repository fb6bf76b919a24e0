namespace Favorited.LiveKitEmulator;

/// <summary>
/// An encoder's session on an ingress, as LiveKit's ingress service runs it: buffering (no webhook), joining the room
/// as a participant of kind INGRESS, publishing the video track, publishing (<c>ingress_started</c>), then the audio
/// track. When the encoder goes the participant leaves, then the ingress is inactive again (<c>ingress_ended</c>).
/// Ingress webhooks go through their own queue, so a receiver may get them before or after the room's.
/// Call with the store locked.
/// </summary>
internal static class IngressSessions
{
    public const string IngressIdAttribute = "ingress.ingressID";
    public const string ResourceIdAttribute = "ingress.resourceID";

    /// <param name="width">The encoder's video size; LiveKit reports the published track at that size.</param>
    public static void Start(Ingress ingress, RoomStore store, IoStore io, WebhookDispatcher webhooks,
        bool video, bool audio, uint width, uint height)
    {
        var now = io.NowNanoseconds();
        ingress.ResourceId = RoomStore.NewSid(ingress.InputType == "WHIP_INPUT" ? "WH_" : "RT_");
        ingress.StartedAt = now;
        ingress.EndedAt = 0;
        ingress.UpdatedAt = now;
        ingress.Error = "";
        ingress.RoomId = "";
        ingress.Tracks.Clear();
        ingress.Status = "ENDPOINT_BUFFERING";

        // The session validates the ingress before joining: an ingress without a room fails there.
        if (ingress.RoomName.Length == 0)
        {
            End(ingress, io, webhooks, "ENDPOINT_ERROR", "invalid ingress: no room name");
            return;
        }

        var room = store.Find(ingress.RoomName);
        if (room is null)
        {
            // The ingress joins with a token for its room; room.auto_create makes the room.
            room = store.Create(ingress.RoomName, 0, 0, 0, "");
            webhooks.Send("room_started", room);
        }
        if (room.Participants.ContainsKey(ingress.ParticipantIdentity))
        {
            EmulatorControl.Disconnect(room, ingress.ParticipantIdentity, webhooks, "DUPLICATE_IDENTITY");
        }
        // protocol's BuildIngressToken: publish only, may update its own metadata, attributed to the ingress.
        var permission = new ParticipantPermission { CanPublish = true, CanPublishData = true, CanUpdateMetadata = true };
        var participant = store.NewParticipant(ingress.ParticipantIdentity, ingress.ParticipantName, ingress.ParticipantMetadata,
            permission, new Dictionary<string, string> { [IngressIdAttribute] = ingress.IngressId }, kind: "INGRESS");
        participant.Attributes[ResourceIdAttribute] = ingress.ResourceId;
        participant.OnRemovedByServer = () => End(ingress, io, webhooks, "ENDPOINT_ERROR", "room disconnected");
        room.Participants[participant.Identity] = participant;
        ingress.RoomId = room.Sid;
        ingress.Session = (room.Name, participant.Identity);
        webhooks.Send("participant_joined", room, participant);

        if (video)
        {
            Publish(ingress, room, participant, "VIDEO", ingress.Video, "CAMERA", width, height, "video/H264", webhooks);
            MarkPublishing(ingress, io, webhooks);
        }
        if (audio)
        {
            Publish(ingress, room, participant, "AUDIO", ingress.Audio, "MICROPHONE", 0, 0, "audio/opus", webhooks);
            MarkPublishing(ingress, io, webhooks);
        }
    }

    /// <summary>The encoder disconnected (or failed, with <paramref name="error"/>): the participant leaves, then the session ends.</summary>
    public static void Stop(Ingress ingress, RoomStore store, IoStore io, WebhookDispatcher webhooks, string? error)
    {
        LeaveRoom(ingress, store, webhooks);
        End(ingress, io, webhooks, string.IsNullOrEmpty(error) ? "ENDPOINT_INACTIVE" : "ENDPOINT_ERROR", error ?? "");
    }

    /// <summary>The ingress's participant disconnects on its own accord, with its tracks unpublished first.</summary>
    public static void LeaveRoom(Ingress ingress, RoomStore store, WebhookDispatcher webhooks)
    {
        if (store.FindParticipant(ingress.Session.Room, ingress.Session.Identity) is ({ } room, { Kind: "INGRESS" } participant))
        {
            participant.OnRemovedByServer = null;
            EmulatorControl.Disconnect(room, participant.Identity, webhooks, "CLIENT_INITIATED");
        }
    }

    private static void Publish(Ingress ingress, Room room, Participant participant, string type, IngressMediaOptions? options,
        string defaultSource, uint width, uint height, string mimeType, WebhookDispatcher webhooks)
    {
        var source = options is { Source: not "UNKNOWN" } ? options.Source : defaultSource;
        var track = ParticipantTracks.Publish(room, participant, type, source, options?.Name ?? "", muted: false,
            width, height, webhooks, mimeType);
        ingress.Tracks.Add(track);
    }

    private static void MarkPublishing(Ingress ingress, IoStore io, WebhookDispatcher webhooks)
    {
        ingress.UpdatedAt = io.NowNanoseconds();
        if (ingress.Status != "ENDPOINT_PUBLISHING")
        {
            ingress.Status = "ENDPOINT_PUBLISHING";
            webhooks.SendIngressEvent("ingress_started", ingress);
        }
    }

    /// <summary>LiveKit sends <c>ingress_ended</c> whenever a session's state changes to inactive, error or complete.</summary>
    private static void End(Ingress ingress, IoStore io, WebhookDispatcher webhooks, string status, string error)
    {
        if (!ingress.IsLive)
        {
            return;
        }
        var now = io.NowNanoseconds();
        ingress.Status = status;
        ingress.Error = error;
        ingress.EndedAt = now;
        ingress.UpdatedAt = now;
        webhooks.SendIngressEvent("ingress_ended", ingress);
    }
}
