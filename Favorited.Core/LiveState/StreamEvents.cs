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
/// <param name="PrivateTo">
/// A private stream's creator, the only one its notices on the all-streams feed go to; null for a public stream. Never sent
/// to a browser (the SSE frames are written without it).
/// </param>
public sealed record StreamEventNotice(Guid StreamId, string Type, long Id, LivestreamStatus Status, int ViewerCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PrivateTo = null);
