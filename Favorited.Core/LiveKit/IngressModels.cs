using System.Text.Json.Serialization;

namespace Favorited.Core.LiveKit;

/// <summary>CreateIngress's request; null fields are left out and LiveKit applies its defaults.</summary>
public sealed record CreateIngressRequest
{
    /// <summary><c>RTMP_INPUT</c> or <c>WHIP_INPUT</c> (<c>URL_INPUT</c> pulls from <see cref="Url"/>).</summary>
    public string InputType { get; init; } = IngressInputTypes.Rtmp;

    /// <summary>Only for <c>URL_INPUT</c>: where to pull the media from.</summary>
    public string? Url { get; init; }

    public string? Name { get; init; }

    /// <summary>The room the encoder's media is published into; may be set later, but must be set before an encoder connects.</summary>
    public string? RoomName { get; init; }

    /// <summary>Required: the identity the ingress joins the room with.</summary>
    public required string ParticipantIdentity { get; init; }

    public string? ParticipantName { get; init; }
    public string? ParticipantMetadata { get; init; }

    /// <summary>Unset: on for RTMP (which cannot turn it off), off for WHIP.</summary>
    public bool? EnableTranscoding { get; init; }

    /// <summary>Unset means enabled; a disabled ingress refuses encoders.</summary>
    public bool? Enabled { get; init; }

    public IngressMediaOptions? Audio { get; init; }
    public IngressMediaOptions? Video { get; init; }
}

/// <summary>UpdateIngress's request: null or empty fields keep the ingress's value.</summary>
public sealed record UpdateIngressRequest
{
    public required string IngressId { get; init; }
    public string? Name { get; init; }
    public string? RoomName { get; init; }
    public string? ParticipantIdentity { get; init; }
    public string? ParticipantName { get; init; }
    public string? ParticipantMetadata { get; init; }
    public bool? EnableTranscoding { get; init; }
    public bool? Enabled { get; init; }
    public IngressMediaOptions? Audio { get; init; }
    public IngressMediaOptions? Video { get; init; }
}

/// <summary>LiveKit's <c>IngressAudioOptions</c> / <c>IngressVideoOptions</c>, with an encoding preset by name.</summary>
public sealed record IngressMediaOptions
{
    public string? Name { get; init; }

    /// <summary><c>CAMERA</c> or <c>SCREEN_SHARE</c> for video, <c>MICROPHONE</c> or <c>SCREEN_SHARE_AUDIO</c> for audio.</summary>
    public string? Source { get; init; }

    /// <summary>e.g. <c>H264_720P_30FPS_3_LAYERS</c> or <c>OPUS_STEREO_96KBPS</c>.</summary>
    public string? Preset { get; init; }
}

/// <summary>LiveKit's <c>IngressInfo</c>: where an encoder pushes (<see cref="Url"/> with <see cref="StreamKey"/>) and how it is doing.</summary>
public sealed record IngressInfo
{
    /// <summary><c>IN_…</c></summary>
    public string IngressId { get; init; } = "";

    public string Name { get; init; } = "";
    public string StreamKey { get; init; } = "";

    /// <summary>The endpoint an encoder pushes to (RTMP base URL: the encoder appends the stream key).</summary>
    public string Url { get; init; } = "";

    [JsonConverter(typeof(ProtoEnumConverter))]
    public string InputType { get; init; } = IngressInputTypes.Rtmp;

    public bool? EnableTranscoding { get; init; }
    public string RoomName { get; init; } = "";
    public string ParticipantIdentity { get; init; } = "";
    public string ParticipantName { get; init; } = "";
    public string ParticipantMetadata { get; init; } = "";
    public bool Reusable { get; init; }
    public bool? Enabled { get; init; }
    public IngressState? State { get; init; }
}

/// <summary>LiveKit's <c>IngressState</c>; times are Unix nanoseconds.</summary>
public sealed record IngressState
{
    /// <summary>See <see cref="IngressStatuses"/>.</summary>
    [JsonConverter(typeof(ProtoEnumConverter))]
    public string Status { get; init; } = IngressStatuses.Inactive;

    public string Error { get; init; } = "";

    /// <summary>The sid of the room the current or last session published to.</summary>
    public string RoomId { get; init; } = "";

    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    public long UpdatedAt { get; init; }

    /// <summary>The current or last session's id.</summary>
    public string ResourceId { get; init; } = "";

    public IReadOnlyList<LiveKitTrack> Tracks { get; init; } = [];
}

public static class IngressInputTypes
{
    public const string Rtmp = "RTMP_INPUT";
    public const string Whip = "WHIP_INPUT";
    public const string Url = "URL_INPUT";
}

/// <summary>
/// <c>IngressState.Status</c>: inactive until an encoder connects, buffering then publishing while it does, inactive
/// again after (error when the session failed; complete for a non-reusable ingress).
/// </summary>
public static class IngressStatuses
{
    public const string Inactive = "ENDPOINT_INACTIVE";
    public const string Buffering = "ENDPOINT_BUFFERING";
    public const string Publishing = "ENDPOINT_PUBLISHING";
    public const string Error = "ENDPOINT_ERROR";
    public const string Complete = "ENDPOINT_COMPLETE";
}

internal sealed record ListIngressReply(IReadOnlyList<IngressInfo>? Items);
