using System.Text.Json.Serialization;

namespace Favorited.Core.LiveKit;

/// <summary>
/// StartRoomCompositeEgress's request: the room rendered by LiveKit's template to at most one file, one stream and one
/// segments output (at least one in all). Null fields are left out.
/// </summary>
public sealed record RoomCompositeEgressRequest
{
    public required string RoomName { get; init; }

    /// <summary>The template's layout, e.g. <c>grid</c> or <c>speaker</c>.</summary>
    public string? Layout { get; init; }

    public bool? AudioOnly { get; init; }
    public bool? VideoOnly { get; init; }

    /// <summary>e.g. <c>H264_720P_30</c>, <c>H264_1080P_30</c>.</summary>
    public string? Preset { get; init; }

    public IReadOnlyList<EncodedFileOutput>? FileOutputs { get; init; }
    public IReadOnlyList<StreamOutput>? StreamOutputs { get; init; }
    public IReadOnlyList<SegmentedFileOutput>? SegmentOutputs { get; init; }
}

/// <summary>A recording to one file; <see cref="Filepath"/> may use <c>{room_name}</c>, <c>{room_id}</c>, <c>{time}</c>.</summary>
public sealed record EncodedFileOutput
{
    /// <summary><c>MP4</c>, <c>OGG</c>, <c>MP3</c>; unset lets LiveKit choose from the codecs.</summary>
    public string? FileType { get; init; }

    public string? Filepath { get; init; }
    public S3Upload? S3 { get; init; }
}

/// <summary>Restreaming to RTMP urls (<c>rtmp(s)://host/app/stream_key</c>).</summary>
public sealed record StreamOutput
{
    /// <summary><c>RTMP</c>; unset means chosen from the urls.</summary>
    public string? Protocol { get; init; }

    public required IReadOnlyList<string> Urls { get; init; }
}

/// <summary>HLS: segments and a playlist.</summary>
public sealed record SegmentedFileOutput
{
    /// <summary><c>HLS_PROTOCOL</c>; unset is HLS too.</summary>
    public string? Protocol { get; init; }

    public string? FilenamePrefix { get; init; }
    public string? PlaylistName { get; init; }

    /// <summary>A playlist of only the latest segments, for live playback; none when unset.</summary>
    public string? LivePlaylistName { get; init; }

    /// <summary>Seconds per segment.</summary>
    public uint? SegmentDuration { get; init; }

    public S3Upload? S3 { get; init; }
}

/// <summary>Upload to S3 or an S3-compatible store (<see cref="Endpoint"/>, <see cref="ForcePathStyle"/>).</summary>
public sealed record S3Upload
{
    public string? AccessKey { get; init; }
    public string? Secret { get; init; }
    public string? Region { get; init; }
    public string? Endpoint { get; init; }
    public required string Bucket { get; init; }
    public bool? ForcePathStyle { get; init; }
}

/// <summary>LiveKit's <c>EgressInfo</c>; times and durations are Unix nanoseconds and nanoseconds.</summary>
public sealed record EgressInfo
{
    /// <summary><c>EG_…</c></summary>
    public string EgressId { get; init; } = "";

    public string RoomId { get; init; } = "";
    public string RoomName { get; init; } = "";

    /// <summary>See <see cref="EgressStatuses"/>. Webhooks leave the starting status out, as protobuf JSON leaves out zero enums.</summary>
    [JsonConverter(typeof(ProtoEnumConverter))]
    public string Status { get; init; } = EgressStatuses.Starting;

    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    public long UpdatedAt { get; init; }

    /// <summary>Why it failed or was aborted.</summary>
    public string Error { get; init; } = "";

    /// <summary>An HTTP-style code for <see cref="Error"/> (500, 503, 412 aborted, 413 limit reached).</summary>
    public int ErrorCode { get; init; }

    /// <summary>e.g. "End reason: StopEgress API".</summary>
    public string Details { get; init; } = "";

    public IReadOnlyList<EgressStreamResult> StreamResults { get; init; } = [];
    public IReadOnlyList<EgressFileResult> FileResults { get; init; } = [];
    public IReadOnlyList<EgressSegmentsResult> SegmentResults { get; init; } = [];
}

/// <summary>LiveKit's <c>StreamInfo</c>; the url has its stream key redacted (<c>rtmp://host/app/{abc...xyz}</c>).</summary>
public sealed record EgressStreamResult
{
    public string Url { get; init; } = "";
    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    public long Duration { get; init; }

    /// <summary><c>ACTIVE</c>, <c>FINISHED</c> or <c>FAILED</c>.</summary>
    [JsonConverter(typeof(ProtoEnumConverter))]
    public string Status { get; init; } = "ACTIVE";

    public string Error { get; init; } = "";
}

/// <summary>LiveKit's <c>FileInfo</c>: complete once the egress is.</summary>
public sealed record EgressFileResult
{
    public string Filename { get; init; } = "";
    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    public long Duration { get; init; }
    public long Size { get; init; }

    /// <summary>Where the file was uploaded (e.g. an S3 URL).</summary>
    public string Location { get; init; } = "";
}

/// <summary>LiveKit's <c>SegmentsInfo</c>.</summary>
public sealed record EgressSegmentsResult
{
    public string PlaylistName { get; init; } = "";
    public string LivePlaylistName { get; init; } = "";
    public long Duration { get; init; }
    public long Size { get; init; }
    public string PlaylistLocation { get; init; } = "";
    public string LivePlaylistLocation { get; init; } = "";
    public long SegmentCount { get; init; }
    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
}

/// <summary>
/// <c>EgressStatus</c>: starting, active, ending, then one of complete, failed, aborted (stopped before it started)
/// or limit reached.
/// </summary>
public static class EgressStatuses
{
    public const string Starting = "EGRESS_STARTING";
    public const string Active = "EGRESS_ACTIVE";
    public const string Ending = "EGRESS_ENDING";
    public const string Complete = "EGRESS_COMPLETE";
    public const string Failed = "EGRESS_FAILED";
    public const string Aborted = "EGRESS_ABORTED";
    public const string LimitReached = "EGRESS_LIMIT_REACHED";
}

internal sealed record ListEgressReply(IReadOnlyList<EgressInfo>? Items);
