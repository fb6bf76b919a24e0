namespace Favorited.LiveKitEmulator;

/// <summary>LiveKit's <c>EgressInfo</c> for a room composite egress: files, HLS segments and RTMP streams of one room.</summary>
public sealed class Egress
{
    public required string EgressId { get; init; }
    public required string RoomId { get; init; }
    public required string RoomName { get; init; }

    /// <summary>The request as LiveKit echoes it in <c>room_composite</c> (without storage credentials).</summary>
    public required ProtoMessage Request { get; init; }

    /// <summary>
    /// <c>EGRESS_STARTING</c>, <c>EGRESS_ACTIVE</c>, <c>EGRESS_ENDING</c>, <c>EGRESS_COMPLETE</c>, <c>EGRESS_FAILED</c>,
    /// <c>EGRESS_ABORTED</c> or <c>EGRESS_LIMIT_REACHED</c>.
    /// </summary>
    public string Status { get; set; } = "EGRESS_STARTING";

    /// <summary>Unix nanoseconds, as LiveKit's egress service writes them.</summary>
    public long StartedAt { get; set; }

    public long EndedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string Error { get; set; } = "";
    public int ErrorCode { get; set; }

    /// <summary>"End reason: …", LiveKit's note on why the egress ended.</summary>
    public string Details { get; set; } = "";

    /// <summary>Whether the request had a stream output: only then may UpdateStream add or remove urls.</summary>
    public bool HasStreamOutput { get; init; }

    public List<EgressStream> Streams { get; } = [];
    public List<EgressFile> Files { get; } = [];
    public List<EgressSegments> Segments { get; } = [];

    public bool IsActive => Status is "EGRESS_STARTING" or "EGRESS_ACTIVE";

    public bool HasEnded => Status is "EGRESS_COMPLETE" or "EGRESS_FAILED" or "EGRESS_ABORTED" or "EGRESS_LIMIT_REACHED";

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("egress_id", EgressId)
        .String("room_id", RoomId)
        .String("room_name", RoomName)
        .Enum("source_type", "EGRESS_SOURCE_TYPE_WEB", zeroValue: "EGRESS_SOURCE_TYPE_WEB")
        .Enum("status", Status, zeroValue: "EGRESS_STARTING")
        .Int64("started_at", StartedAt)
        .Int64("ended_at", EndedAt)
        .Int64("updated_at", UpdatedAt)
        .OneOf("room_composite", Request)
        .Messages("stream_results", [.. Streams.Select(s => s.ToProto())])
        .Messages("file_results", [.. Files.Select(f => f.ToProto())])
        .Messages("segment_results", [.. Segments.Select(s => s.ToProto())])
        .EmptyList("image_results")
        .String("error", Error)
        .Int("error_code", ErrorCode)
        .String("details", Details)
        .String("manifest_location", "")
        .Bool("backup_storage_used", false)
        .Int("retry_count", 0);
}

/// <summary>One RTMP output: <c>StreamInfo</c>, whose url LiveKit reports with the stream key redacted.</summary>
public sealed class EgressStream
{
    public required string RawUrl { get; init; }
    public required string RedactedUrl { get; init; }

    /// <summary><c>ACTIVE</c>, <c>FINISHED</c> or <c>FAILED</c>.</summary>
    public string Status { get; set; } = "ACTIVE";

    public long StartedAt { get; set; }
    public long EndedAt { get; set; }
    public string Error { get; set; } = "";

    public void End(string status, long now, string error = "")
    {
        Status = status;
        Error = error;
        EndedAt = now;
        StartedAt = StartedAt == 0 ? now : StartedAt;
    }

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("url", RedactedUrl)
        .Int64("started_at", StartedAt)
        .Int64("ended_at", EndedAt)
        .Int64("duration", EndedAt == 0 ? 0 : EndedAt - StartedAt)
        .Enum("status", Status, zeroValue: "ACTIVE")
        .String("error", Error)
        .Int64("last_retry_at", 0)
        .UInt("retries", 0);
}

/// <summary>An MP4 (or other) file output and, once it ends, its <c>FileInfo</c>.</summary>
public sealed class EgressFile
{
    public required string Filename { get; set; }
    public required string Location { get; set; }
    public long StartedAt { get; set; }
    public long EndedAt { get; set; }
    public long Size { get; set; }

    /// <summary>Nanoseconds; set when the file is finished.</summary>
    public long Duration { get; set; }

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("filename", Filename)
        .Int64("started_at", StartedAt)
        .Int64("ended_at", EndedAt)
        .Int64("duration", Duration)
        .Int64("size", Size)
        .String("location", Location);
}

/// <summary>An HLS output and its <c>SegmentsInfo</c>.</summary>
public sealed class EgressSegments
{
    public required string PlaylistName { get; set; }
    public required string PlaylistLocation { get; set; }
    public string LivePlaylistName { get; init; } = "";
    public string LivePlaylistLocation { get; set; } = "";
    public uint SegmentDurationSeconds { get; init; }
    public long StartedAt { get; set; }
    public long EndedAt { get; set; }
    public long Duration { get; set; }
    public long Size { get; set; }
    public long SegmentCount { get; set; }

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("playlist_name", PlaylistName)
        .String("live_playlist_name", LivePlaylistName)
        .Int64("duration", Duration)
        .Int64("size", Size)
        .String("playlist_location", PlaylistLocation)
        .String("live_playlist_location", LivePlaylistLocation)
        .Int64("segment_count", SegmentCount)
        .Int64("started_at", StartedAt)
        .Int64("ended_at", EndedAt);
}
