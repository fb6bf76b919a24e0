namespace Favorited.LiveKitEmulator;

/// <summary>LiveKit's <c>IngressInfo</c>: an endpoint an encoder pushes to, publishing into a room as a participant.</summary>
public sealed class Ingress
{
    public static readonly IReadOnlyList<string> InputTypes = ["RTMP_INPUT", "WHIP_INPUT", "URL_INPUT"];

    public required string IngressId { get; init; }
    public required string InputType { get; init; }
    public required string Url { get; init; }

    /// <summary>12 characters, no prefix; empty for URL_INPUT.</summary>
    public required string StreamKey { get; init; }

    public string Name { get; set; } = "";
    public string RoomName { get; set; } = "";
    public string ParticipantIdentity { get; set; } = "";
    public string ParticipantName { get; set; } = "";
    public string ParticipantMetadata { get; set; } = "";
    public bool? EnableTranscoding { get; set; }
    public bool BypassTranscoding { get; set; }
    public bool Reusable { get; init; }

    /// <summary>Unset means enabled; a disabled ingress refuses new encoder connections.</summary>
    public bool? Enabled { get; set; }

    public IngressMediaOptions? Audio { get; set; }
    public IngressMediaOptions? Video { get; set; }

    /// <summary><c>ENDPOINT_INACTIVE</c>, <c>ENDPOINT_BUFFERING</c>, <c>ENDPOINT_PUBLISHING</c>, <c>ENDPOINT_ERROR</c> or <c>ENDPOINT_COMPLETE</c>.</summary>
    public string Status { get; set; } = "ENDPOINT_INACTIVE";

    public string Error { get; set; } = "";
    public string RoomId { get; set; } = "";

    /// <summary>Unix nanoseconds, as LiveKit's ingress service writes them.</summary>
    public long StartedAt { get; set; }

    public long EndedAt { get; set; }
    public long UpdatedAt { get; set; }

    /// <summary>One session's id (LiveKit's <c>resource_id</c>), new for every encoder connection.</summary>
    public string ResourceId { get; set; } = "";

    public List<PublishedTrack> Tracks { get; } = [];

    /// <summary>
    /// The room and identity the live session joined with: an update may change the ingress's, but the running session
    /// keeps publishing where it is until it ends.
    /// </summary>
    public (string Room, string Identity) Session { get; set; } = ("", "");

    public bool IsLive => Status is "ENDPOINT_BUFFERING" or "ENDPOINT_PUBLISHING";

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("ingress_id", IngressId)
        .String("name", Name)
        .String("stream_key", StreamKey)
        .String("url", Url)
        .Enum("input_type", InputType, zeroValue: "RTMP_INPUT")
        .Bool("bypass_transcoding", BypassTranscoding)
        .OptionalBool("enable_transcoding", EnableTranscoding)
        .Message("audio", Audio?.ToProto())
        .Message("video", Video?.ToProto())
        .String("room_name", RoomName)
        .String("participant_identity", ParticipantIdentity)
        .String("participant_name", ParticipantName)
        .String("participant_metadata", ParticipantMetadata)
        .Bool("reusable", Reusable)
        .Message("state", StateProto())
        .OptionalBool("enabled", Enabled);

    private ProtoMessage StateProto() => new ProtoMessage()
        .Enum("status", Status, zeroValue: "ENDPOINT_INACTIVE")
        .String("error", Error)
        .Message("video", null)
        .Message("audio", null)
        .String("room_id", RoomId)
        .Int64("started_at", StartedAt)
        .Int64("ended_at", EndedAt)
        .Int64("updated_at", UpdatedAt)
        .String("resource_id", ResourceId)
        .Messages("tracks", [.. Tracks.Select(t => t.ToProto())]);
}

/// <summary><c>IngressAudioOptions</c> or <c>IngressVideoOptions</c>: a track name, a source and, when given, a preset by name.</summary>
public sealed record IngressMediaOptions(string Name, string Source, string? Preset)
{
    public ProtoMessage ToProto() => new ProtoMessage()
        .String("name", Name)
        .Enum("source", Source, zeroValue: "UNKNOWN")
        .OneOfEnum("preset", Preset);
}
