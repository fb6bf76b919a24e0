using System.Text.Json;
using System.Text.RegularExpressions;
using static Favorited.LiveKitEmulator.TwirpCall;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// A room composite request's outputs, checked as LiveKit's egress service checks them: at most one file, one stream
/// and one segments output, at least one in all, RTMP urls of the form LiveKit accepts. The deprecated single
/// <c>file</c>/<c>stream</c>/<c>segments</c> fields count when the lists are empty.
/// </summary>
internal static partial class TwirpEgressService
{
    private const string RtmpFormat = "rtmp urls must be of format rtmp(s)://{host}(/{path})/{app}/{stream_key}( live=1)";
    private const uint DefaultSegmentSeconds = 4;
    private static readonly IReadOnlyList<string> FileTypes = ["DEFAULT_FILETYPE", "MP4", "OGG", "MP3"];
    private static readonly IReadOnlyList<string> StreamProtocols = ["DEFAULT_PROTOCOL", "RTMP", "SRT", "WEBSOCKET"];

    private sealed record Outputs(List<EgressFile> Files, List<EgressSegments> Segments, List<EgressStream> Streams,
        bool HasStreamOutput, List<ProtoMessage> FileEcho, List<ProtoMessage> StreamEcho, List<ProtoMessage> SegmentEcho);

    private static (Outputs Outputs, IResult? Invalid) ReadOutputs(JsonElement body, string roomName, string roomId, long now)
    {
        var outputs = new Outputs([], [], [], false, [], [], []);
        if (Find(body, "image_outputs") is { ValueKind: JsonValueKind.Array } images && images.GetArrayLength() > 0)
        {
            return (outputs, TwirpError(501, "unimplemented", "the emulator does not make image outputs"));
        }
        var files = OutputList(body, "file_outputs", "file");
        var streams = OutputList(body, "stream_outputs", "stream");
        var segments = OutputList(body, "segment_outputs", "segments");
        if (files.Count > 1)
        {
            return (outputs, InvalidField("multiple file outputs"));
        }
        if (streams.Count > 1)
        {
            return (outputs, InvalidField("multiple stream outputs"));
        }
        if (segments.Count > 1)
        {
            return (outputs, InvalidField("multiple segmented file outputs"));
        }
        var time = DateTimeOffset.FromUnixTimeMilliseconds(now / 1_000_000).ToString("yyyy-MM-ddTHHmmss");
        string Template(string path) => path.Replace("{room_name}", roomName).Replace("{room_id}", roomId).Replace("{time}", time);

        foreach (var file in files)
        {
            var fileType = EnumField(file, "file_type", FileTypes) ?? "DEFAULT_FILETYPE";
            var path = Field(file, "filepath");
            path = Template(path.Length == 0 || path.EndsWith('/') ? $"{path}{{room_name}}-{{time}}" : path);
            if (!Path.HasExtension(path))
            {
                path += fileType switch { "OGG" => ".ogg", "MP3" => ".mp3", _ => ".mp4" };
            }
            outputs.Files.Add(new EgressFile { Filename = path, Location = Location(file, path) });
            outputs.FileEcho.Add(new ProtoMessage().Enum("file_type", fileType, "DEFAULT_FILETYPE").String("filepath", Field(file, "filepath"))
                .Bool("disable_manifest", Bool(file, "disable_manifest")));
        }
        foreach (var segment in segments)
        {
            var prefix = Template(Field(segment, "filename_prefix") is { Length: > 0 } given ? given : "{room_name}-{time}");
            var playlist = Template(Field(segment, "playlist_name") is { Length: > 0 } named ? named : $"{Path.GetFileName(prefix)}.m3u8");
            playlist = Path.HasExtension(playlist) ? playlist : playlist + ".m3u8";
            var directory = Path.GetDirectoryName(prefix) is { Length: > 0 } dir ? dir + "/" : "";
            var livePlaylist = Template(Field(segment, "live_playlist_name"));
            var duration = UIntField(segment, "segment_duration");
            outputs.Segments.Add(new EgressSegments
            {
                PlaylistName = directory + playlist,
                PlaylistLocation = Location(segment, directory + playlist),
                LivePlaylistName = livePlaylist.Length == 0 ? "" : directory + livePlaylist,
                SegmentDurationSeconds = duration == 0 ? DefaultSegmentSeconds : duration,
            });
            outputs.SegmentEcho.Add(new ProtoMessage().Enum("protocol", "HLS_PROTOCOL", "DEFAULT_SEGMENTED_FILE_PROTOCOL")
                .String("filename_prefix", Field(segment, "filename_prefix")).String("playlist_name", Field(segment, "playlist_name"))
                .String("live_playlist_name", Field(segment, "live_playlist_name")).UInt("segment_duration", duration)
                .Enum("filename_suffix", "INDEX", "INDEX").Bool("disable_manifest", Bool(segment, "disable_manifest")));
        }
        foreach (var stream in streams)
        {
            var urls = Strings(stream, "urls");
            var protocol = EnumField(stream, "protocol", StreamProtocols) ?? "DEFAULT_PROTOCOL";
            if (protocol == "DEFAULT_PROTOCOL")
            {
                if (urls.Count == 0)
                {
                    return (outputs, InvalidField("stream protocol"));
                }
                if (!IsRtmpScheme(urls[0]))
                {
                    return (outputs, TwirpError(400, "invalid_argument", $"invalid url {urls[0]}: invalid protocol"));
                }
            }
            else if (protocol != "RTMP")
            {
                return (outputs, TwirpError(501, "unimplemented", $"the emulator does not stream over {protocol}"));
            }
            foreach (var url in urls)
            {
                if (ValidateRtmpUrl(url, "invalid scheme") is { } error)
                {
                    return (outputs, TwirpError(400, "invalid_argument", error));
                }
                outputs.Streams.Add(new EgressStream { RawUrl = url, RedactedUrl = RedactStreamKey(url) });
            }
            if (urls.Count == 0 && files.Count + segments.Count == 0)
            {
                return (outputs, InvalidField("stream url"));
            }
            outputs.StreamEcho.Add(new ProtoMessage().Enum("protocol", "RTMP", "DEFAULT_PROTOCOL")
                .Strings("urls", [.. urls.Select(RedactStreamKey)]));
        }
        if (files.Count + segments.Count + outputs.Streams.Count == 0)
        {
            return (outputs, InvalidField("output"));
        }
        return (outputs with { HasStreamOutput = streams.Count > 0 }, null);
    }

    /// <summary>The request as the egress info carries it, stream keys redacted and storage left out.</summary>
    private static ProtoMessage EchoRequest(JsonElement body, Outputs outputs) => new ProtoMessage()
        .String("room_name", Field(body, "room_name"))
        .String("layout", Field(body, "layout"))
        .Bool("audio_only", Bool(body, "audio_only"))
        .Enum("audio_mixing", "DEFAULT_MIXING", "DEFAULT_MIXING")
        .Bool("video_only", Bool(body, "video_only"))
        .String("custom_base_url", Field(body, "custom_base_url"))
        .OneOfEnum("preset", Find(body, "preset") is { ValueKind: JsonValueKind.String } preset ? preset.GetString() : null)
        .Messages("file_outputs", outputs.FileEcho)
        .Messages("stream_outputs", outputs.StreamEcho)
        .Messages("segment_outputs", outputs.SegmentEcho)
        .EmptyList("image_outputs")
        .EmptyList("webhooks");

    private static List<JsonElement> OutputList(JsonElement body, string listField, string deprecatedField)
    {
        if (Find(body, listField) is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
        {
            return [.. list.EnumerateArray()];
        }
        return Find(body, deprecatedField) is { ValueKind: JsonValueKind.Object } single ? [single] : [];
    }

    /// <summary>Where the upload lands: S3 as its URL, else the path on the egress's disk.</summary>
    private static string Location(JsonElement output, string path)
    {
        if (Find(output, "s3") is not { ValueKind: JsonValueKind.Object } s3 || Field(s3, "bucket") is not { Length: > 0 } bucket)
        {
            return path;
        }
        return Field(s3, "endpoint") is { Length: > 0 } endpoint
            ? $"{endpoint.TrimEnd('/')}/{bucket}/{path}"
            : $"https://{bucket}.s3.amazonaws.com/{path}";
    }

    private static bool IsRtmpScheme(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "rtmp" or "rtmps";

    /// <returns>LiveKit's message for a url it refuses, or null.</returns>
    private static string? ValidateRtmpUrl(string url, string wrongScheme)
    {
        if (!IsRtmpScheme(url))
        {
            return $"invalid url {url}: {wrongScheme}";
        }
        return RtmpUrl().IsMatch(url) ? null : $"invalid url {url}: {RtmpFormat}";
    }

    /// <summary>LiveKit reports stream urls with the key cut to its first and last characters: <c>rtmp://host/app/{abc...xyz}</c>.</summary>
    internal static string RedactStreamKey(string url)
    {
        var match = RtmpUrl().Match(url);
        if (!match.Success)
        {
            return url;
        }
        var key = match.Groups[4].Value;
        var keep = key.Length >= 9 ? 3 : key.Length >= 6 ? 2 : key.Length >= 3 ? 1 : 0;
        return $"{match.Groups[1].Value}{match.Groups[2].Value}{match.Groups[3].Value}{{{key[..keep]}...{key[(key.Length - keep)..]}}}{match.Groups[5].Value}";
    }

    [GeneratedRegex(@"^(rtmps?://)(.*/)(.*/)(\S*)( live=1)?$")]
    private static partial Regex RtmpUrl();
}
