using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Favorited.Api.LiveUpdates;

/// <summary>
/// Announces a committed change of a stream (a chat message, a moderation or stage action, an edit) to its SSE watchers,
/// with its payload written as the Api writes JSON. Made after the commit: when Redis fails then, the change stands and the
/// caller still hears it succeeded; watchers see it when they next load.
/// </summary>
public sealed class StreamAnnouncer(LiveStateStore liveState, IOptions<JsonOptions> json, ILogger<StreamAnnouncer> logger)
{
    /// <param name="toAllStreams">The list page's feed gets it too (an edit), not only the stream's watchers.</param>
    public async Task AnnounceAsync<T>(Livestream stream, string type, T payload, bool toAllStreams = false)
    {
        try
        {
            await liveState.AnnounceAsync(stream.Id, type, JsonSerializer.Serialize(payload, json.Value.SerializerOptions),
                toAllStreams, stream.Status, stream.Visibility == LivestreamVisibility.Private ? stream.CreatedBy : null);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.AnnouncementFailed(logger, type, stream.Id, ex.Message);
        }
    }
}
