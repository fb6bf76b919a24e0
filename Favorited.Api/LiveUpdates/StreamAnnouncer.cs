using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Favorited.Api.LiveUpdates;

/// <summary>Announcements with the Api's JSON (camelCase, enums as their labels, UTC timestamps), as its answers are written.</summary>
public sealed class StreamAnnouncer(LiveStateStore liveState, IOptions<JsonOptions> jsonOptions, ILogger<StreamAnnouncer> logger)
    : IStreamAnnouncer
{
    public Task AnnounceAsync<TPayload>(Guid streamId, string type, TPayload payload) =>
        AnnounceAsync(streamId, type, payload, stream: null);

    public Task AnnounceToListTooAsync<TPayload>(Livestream stream, string type, TPayload payload) =>
        AnnounceAsync(stream.Id, type, payload, stream);

    private async Task AnnounceAsync<TPayload>(Guid streamId, string type, TPayload payload, Livestream? stream)
    {
        var json = JsonSerializer.Serialize(payload, jsonOptions.Value.SerializerOptions);
        try
        {
            await (stream is null
                ? liveState.AnnounceAsync(streamId, type, json)
                : liveState.AnnounceAsync(streamId, type, json, toAllStreams: true, stream.Status,
                    stream.Visibility == LivestreamVisibility.Private ? stream.CreatedBy : null));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The change is committed: failing the request would have the caller repeat an action that is done.
            Log.AnnouncementFailed(logger, type, streamId, ex.Message);
        }
    }
}
