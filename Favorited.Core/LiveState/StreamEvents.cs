using System.Text.Json;
using System.Text.Json.Serialization;
using Favorited.Core.Data;

namespace Favorited.Core.LiveState;

/// <summary>
/// The Redis pub/sub contract between whoever changes live state (worker, Api) and every Api replica's SSE:
/// each change publishes a <see cref="StreamEventNotice"/> to the stream's channel and to the all-streams channel.
/// </summary>
public static class StreamEvents
{
    public const string RoomStarted = "room_started";
    public const string ViewerCountUpdate = "viewer_count_update";
    public const string RoomEnded = "room_ended";

    // Announcements (their data is their own payload, see LiveStateStore.AnnounceAsync).
    public const string ChatMessage = "chat_message";
    public const string ChatMessageDeleted = "chat_message_deleted";
    public const string ChatSettings = "chat_settings";
    /// <summary>The stream was edited; data is the stream as the Api answers it.</summary>
    public const string StreamUpdated = "stream_updated";
    // Announcements of moderation and the stage (LiveStateStore.AnnounceAsync); their payloads are in Favorited.Core.Moderation
    // and Favorited.Core.Stage.
    public const string ParticipantRemoved = "participant_removed";
    public const string ParticipantBanned = "participant_banned";
    public const string ParticipantUnbanned = "participant_unbanned";
    public const string ParticipantMuted = "participant_muted";
    public const string HandRaised = "hand_raised";
    public const string HandLowered = "hand_lowered";
    public const string StageChanged = "stage_changed";
    public const string BroadcastStarted = "broadcast_started";
    public const string BroadcastEnded = "broadcast_ended";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <returns>The notice, or null when the message is not one (never throws on a foreign publisher's message).</returns>
    public static StreamEventNotice? Parse(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<StreamEventNotice>(message, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One change of a stream. <see cref="Id"/> increases per stream and is the SSE event id.</summary>
/// <param name="Id">The stream's event id; 0 for an announcement about a stream without live state (never started).</param>
/// <param name="PrivateTo">
/// A private stream's creator, the only one its notices on the all-streams feed go to; null for a public stream. Never sent
/// to a browser (the SSE frames are written without it).
/// </param>
/// <param name="Payload">
/// What an announcement (<see cref="LiveStateStore.AnnounceAsync"/>: a chat message, a stage change, an edit) says, sent to
/// browsers as the event's data; null for a change of the live state itself, whose data is the state.
/// </param>
public sealed record StreamEventNotice(Guid StreamId, string Type, long Id, LivestreamStatus Status, int ViewerCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PrivateTo = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Payload = null);

/// <summary>
/// The announcements a stream's SSE subscriber missed after a given event id, from the stream's replay log (changes of the
/// live state itself are not in it: the state sent after them covers those).
/// </summary>
/// <param name="Incomplete">The log no longer reaches back that far: some were trimmed, and the client must reload.</param>
public sealed record StreamReplay(IReadOnlyList<StreamEventNotice> Events, bool Incomplete)
{
    public static readonly StreamReplay None = new([], false);
}
