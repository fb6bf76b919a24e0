using System.Text.Json.Serialization;

namespace Favorited.Core.LiveKit;

/// <summary>CreateRoom's request; null fields are left out, and LiveKit reads a missing value as its default.</summary>
public sealed record CreateRoomRequest
{
    public required string Name { get; init; }
    public uint? EmptyTimeout { get; init; }
    public uint? DepartureTimeout { get; init; }
    public uint? MaxParticipants { get; init; }
    public string? Metadata { get; init; }
}

/// <summary>LiveKit's <c>Room</c> message.</summary>
public sealed record LiveKitRoom
{
    public string Sid { get; init; } = "";
    public string Name { get; init; } = "";
    public uint EmptyTimeout { get; init; }
    public uint DepartureTimeout { get; init; }
    public uint MaxParticipants { get; init; }
    public long CreationTime { get; init; }
    public long CreationTimeMs { get; init; }
    public string Metadata { get; init; } = "";
    public uint NumParticipants { get; init; }
    public uint NumPublishers { get; init; }
    public bool ActiveRecording { get; init; }
}

/// <summary>LiveKit's <c>ParticipantInfo</c> message.</summary>
public sealed record LiveKitParticipant
{
    public string Sid { get; init; } = "";
    public string Identity { get; init; } = "";
    public string Name { get; init; } = "";

    /// <summary><c>JOINING</c>, <c>JOINED</c>, <c>ACTIVE</c> or <c>DISCONNECTED</c>.</summary>
    [JsonConverter(typeof(ProtoEnumConverter))]
    public string State { get; init; } = "JOINING";

    public string Metadata { get; init; } = "";
    public long JoinedAt { get; init; }
    public long JoinedAtMs { get; init; }
    public bool IsPublisher { get; init; }
    public ParticipantPermission? Permission { get; init; }

    /// <summary><c>STANDARD</c>, <c>INGRESS</c>, <c>EGRESS</c>, <c>SIP</c>, <c>AGENT</c>, …</summary>
    [JsonConverter(typeof(ProtoEnumConverter))]
    public string Kind { get; init; } = "STANDARD";

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>The tracks the participant publishes.</summary>
    public IReadOnlyList<LiveKitTrack> Tracks { get; init; } = [];
}

/// <summary>LiveKit's <c>TrackInfo</c> message (what Favorited reads of it).</summary>
public sealed record LiveKitTrack
{
    /// <summary><c>TR_…</c></summary>
    public string Sid { get; init; } = "";

    /// <summary><c>AUDIO</c>, <c>VIDEO</c> or <c>DATA</c>.</summary>
    [JsonConverter(typeof(ProtoEnumConverter))]
    public string Type { get; init; } = "AUDIO";

    /// <summary><c>CAMERA</c>, <c>MICROPHONE</c>, <c>SCREEN_SHARE</c>, <c>SCREEN_SHARE_AUDIO</c> or <c>UNKNOWN</c>.</summary>
    [JsonConverter(typeof(ProtoEnumConverter))]
    public string Source { get; init; } = "UNKNOWN";

    public string Name { get; init; } = "";
    public bool Muted { get; init; }
    public uint Width { get; init; }
    public uint Height { get; init; }
    public string MimeType { get; init; } = "";
}

/// <summary>
/// UpdateParticipant's request. Null fields are left out and LiveKit leaves them unchanged, and so does an empty
/// name or metadata; <see cref="Permission"/>, when given, replaces the whole permission.
/// </summary>
public sealed record UpdateParticipantRequest
{
    public required string Room { get; init; }
    public required string Identity { get; init; }
    public string? Metadata { get; init; }
    public ParticipantPermission? Permission { get; init; }
    public string? Name { get; init; }

    /// <summary>Merged into the participant's attributes; an empty value deletes that key.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}

internal sealed record ListRoomsReply(IReadOnlyList<LiveKitRoom>? Rooms);

internal sealed record ListParticipantsReply(IReadOnlyList<LiveKitParticipant>? Participants);

internal sealed record MutePublishedTrackReply(LiveKitTrack? Track);

internal sealed record TwirpError(string? Code, string? Msg, IReadOnlyDictionary<string, string>? Meta);
