namespace Favorited.LiveKitEmulator;

/// <summary>A track a participant publishes: LiveKit's <c>TrackInfo</c>, without the media.</summary>
public sealed class PublishedTrack
{
    public required string Sid { get; init; }

    /// <summary><c>AUDIO</c> or <c>VIDEO</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>CAMERA</c>, <c>MICROPHONE</c>, <c>SCREEN_SHARE</c>, <c>SCREEN_SHARE_AUDIO</c> or <c>UNKNOWN</c>.</summary>
    public required string Source { get; init; }

    public string Name { get; init; } = "";
    public bool Muted { get; set; }
    public uint Width { get; init; }
    public uint Height { get; init; }
    public string MimeType { get; init; } = "";

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("sid", Sid)
        .Enum("type", Type, zeroValue: "AUDIO")
        .String("name", Name)
        .Bool("muted", Muted)
        .UInt("width", Width)
        .UInt("height", Height)
        .Bool("simulcast", false)
        .Bool("disable_dtx", false)
        .Enum("source", Source, zeroValue: "UNKNOWN")
        .EmptyList("layers")
        .String("mime_type", MimeType)
        .String("mid", "")
        .EmptyList("codecs")
        .Bool("stereo", false)
        .Bool("disable_red", false)
        .Enum("encryption", "NONE", zeroValue: "NONE")
        .String("stream", "")
        .Message("version", null)
        .EmptyList("audio_features")
        .Enum("backup_codec_policy", "PREFER_REGRESSION", zeroValue: "PREFER_REGRESSION")
        .EmptyList("packet_trailer_features");
}
