namespace Favorited.LiveKitEmulator;

/// <summary>Publishing and unpublishing as LiveKit's participant does it. Call with the store locked.</summary>
internal static class ParticipantTracks
{
    public static PublishedTrack Publish(Room room, Participant participant, string type, string source, string name,
        bool muted, uint width, uint height, WebhookDispatcher webhooks, string? mimeType = null)
    {
        var track = new PublishedTrack
        {
            Sid = RoomStore.NewSid("TR_"),
            Type = type,
            Source = source,
            Name = name,
            Muted = muted,
            Width = type == "VIDEO" ? width : 0,
            Height = type == "VIDEO" ? height : 0,
            // What LiveKit reports once media arrives with the codecs browsers negotiate by default.
            MimeType = mimeType ?? (type == "VIDEO" ? "video/VP8" : "audio/opus"),
        };
        participant.Tracks.Add(track);
        participant.HasPublished = true;
        participant.Changed();
        webhooks.SendTrackEvent("track_published", room, participant, track);
        return track;
    }

    public static void Unpublish(Room room, Participant participant, PublishedTrack track, WebhookDispatcher webhooks)
    {
        participant.Tracks.Remove(track);
        participant.Changed();
        webhooks.SendTrackEvent("track_unpublished", room, participant, track);
    }

    /// <summary>What LiveKit does when a participant's permission changes: tracks it may no longer publish are unpublished.</summary>
    public static void UnpublishForbidden(Room room, Participant participant, WebhookDispatcher webhooks)
    {
        foreach (var track in participant.Tracks.Where(t => !participant.Permission.AllowsSource(t.Source)).ToList())
        {
            Unpublish(room, participant, track, webhooks);
        }
    }

    /// <summary>A leaving participant's tracks close before it leaves, each with <c>track_unpublished</c>.</summary>
    public static void UnpublishAll(Room room, Participant participant, WebhookDispatcher webhooks)
    {
        foreach (var track in participant.Tracks.ToList())
        {
            Unpublish(room, participant, track, webhooks);
        }
    }
}
