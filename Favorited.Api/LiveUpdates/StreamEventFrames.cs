using System.Text;
using System.Text.Json;
using Favorited.Core.LiveState;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Favorited.Api.LiveUpdates;

/// <summary>Formats Server-Sent Events, with JSON exactly as the rest of the Api writes it.</summary>
public sealed class StreamEventFrames(IOptions<JsonOptions> jsonOptions)
{
    public const string StateEvent = "state";

    public static readonly byte[] Opening = ": connected\n\nretry: 5000\n\n"u8.ToArray();
    public static readonly SseFrame Heartbeat = new(0, ": heartbeat\n\n"u8.ToArray());

    private readonly JsonSerializerOptions _json = jsonOptions.Value.SerializerOptions;

    /// <summary><c>id: …\nevent: …\ndata: &lt;StreamState&gt;</c>.</summary>
    public byte[] State(long id, string type, StreamState state) =>
        Format(id, type, JsonSerializer.SerializeToUtf8Bytes(state, _json));

    /// <summary>An announcement (chat, stage, edit): <c>id: …\nevent: …\ndata: &lt;payload&gt;</c>.</summary>
    public static byte[] Announcement(StreamEventNotice notice) =>
        Format(notice.Id, notice.Type, Encoding.UTF8.GetBytes(notice.Payload!.Value.GetRawText()));

    /// <summary>Tells a reconnecting client that announcements it missed are gone from the replay log: reload (chat history).</summary>
    public static readonly byte[] Resync = "event: resync\ndata: {}\n\n"u8.ToArray();

    /// <summary>The announcements a reconnecting client missed, in order (<see cref="Resync"/> first when some are gone).</summary>
    public static byte[] Replay(StreamReplay replay) =>
        [.. replay.Incomplete ? Resync : [], .. replay.Events.SelectMany(Announcement)];

    /// <summary><c>event: …\ndata: &lt;notice&gt;</c>, without an id: ids count per stream, and this mixes streams.</summary>
    public byte[] Notice(StreamEventNotice notice) =>
        Format(null, notice.Type, JsonSerializer.SerializeToUtf8Bytes(notice, _json));

    private static byte[] Format(long? id, string type, ReadOnlySpan<byte> json)
    {
        // The serializer writes no line breaks, so the JSON is one data line.
        var head = id is not null ? $"id: {id}\nevent: {type}\ndata: " : $"event: {type}\ndata: ";
        var frame = new byte[Encoding.UTF8.GetByteCount(head) + json.Length + 2];
        var written = Encoding.UTF8.GetBytes(head, frame);
        json.CopyTo(frame.AsSpan(written));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
