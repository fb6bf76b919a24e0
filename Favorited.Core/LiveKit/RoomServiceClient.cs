using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Favorited.Core.LiveKit;

/// <summary>
/// LiveKit's RoomService over Twirp JSON, as the server SDKs call it: one POST per method to
/// <c>/twirp/livekit.RoomService/{Method}</c>, each with a fresh token carrying exactly the grant the
/// method needs. Works the same against LiveKit Cloud, <c>livekit-server --dev</c> and the emulator.
/// </summary>
public sealed class RoomServiceClient(HttpClient http, AccessTokenIssuer tokens)
{
    public const string ActivitySourceName = "Favorited.LiveKit";
    private const string Service = "livekit.RoomService";
    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>Creates the room, or returns the live room of that name unchanged (LiveKit's semantics).</summary>
    public Task<LiveKitRoom> CreateRoomAsync(CreateRoomRequest request, CancellationToken cancellationToken) =>
        CallAsync<LiveKitRoom>("CreateRoom", request, new VideoGrant { RoomCreate = true }, cancellationToken);

    /// <summary>Disconnects everyone and closes the room; <see cref="LiveKitNotFoundException"/> when there is none.</summary>
    public Task DeleteRoomAsync(string room, CancellationToken cancellationToken) =>
        CallAsync<JsonObject>("DeleteRoom", new { room }, new VideoGrant { RoomCreate = true }, cancellationToken);

    /// <summary>The active rooms, all of them or those named.</summary>
    public async Task<IReadOnlyList<LiveKitRoom>> ListRoomsAsync(IReadOnlyList<string>? names, CancellationToken cancellationToken)
    {
        var reply = await CallAsync<ListRoomsReply>("ListRooms", new { names }, new VideoGrant { RoomList = true }, cancellationToken);
        return reply.Rooms ?? [];
    }

    /// <summary>The participants of a room; empty when the room does not exist.</summary>
    public async Task<IReadOnlyList<LiveKitParticipant>> ListParticipantsAsync(string room, CancellationToken cancellationToken)
    {
        var reply = await CallAsync<ListParticipantsReply>("ListParticipants", new { room }, AdminOf(room), cancellationToken);
        return reply.Participants ?? [];
    }

    /// <summary>A participant of the room, with its permission and tracks; <see cref="LiveKitNotFoundException"/> when it is not connected.</summary>
    public Task<LiveKitParticipant> GetParticipantAsync(string room, string identity, CancellationToken cancellationToken) =>
        CallAsync<LiveKitParticipant>("GetParticipant", new { room, identity }, AdminOf(room), cancellationToken);

    /// <summary>Disconnects the participant (LiveKit tells it why: removed); <see cref="LiveKitNotFoundException"/> when it is not connected.</summary>
    public Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken) =>
        CallAsync<JsonObject>("RemoveParticipant", new { room, identity }, AdminOf(room), cancellationToken);

    /// <summary>
    /// Changes a connected participant's name, metadata, attributes or permission and returns it as it is now.
    /// Revoking a publish permission makes LiveKit unpublish the tracks no longer allowed.
    /// <see cref="LiveKitNotFoundException"/> when the room or the participant does not exist.
    /// </summary>
    public Task<LiveKitParticipant> UpdateParticipantAsync(UpdateParticipantRequest request, CancellationToken cancellationToken) =>
        CallAsync<LiveKitParticipant>("UpdateParticipant", request, AdminOf(request.Room), cancellationToken);

    /// <summary>
    /// Mutes (or, where the server enables remote unmute, unmutes) a published track. Returns the track, or null when
    /// the participant publishes no track with that sid. LiveKit does not look the participant up first: one not
    /// connected comes back as <see cref="LiveKitUnavailableException"/> ("no response from servers"), not as not found;
    /// unmuting without remote unmute is <c>failed_precondition</c>.
    /// </summary>
    public async Task<LiveKitTrack?> MutePublishedTrackAsync(string room, string identity, string trackSid, bool muted,
        CancellationToken cancellationToken)
    {
        var reply = await CallAsync<MutePublishedTrackReply>("MutePublishedTrack", new { room, identity, trackSid, muted },
            AdminOf(room), cancellationToken);
        return reply.Track;
    }

    /// <summary>Sets the room's metadata (an empty value too); <see cref="LiveKitNotFoundException"/> when there is no such room.</summary>
    public Task<LiveKitRoom> UpdateRoomMetadataAsync(string room, string metadata, CancellationToken cancellationToken) =>
        CallAsync<LiveKitRoom>("UpdateRoomMetadata", new { room, metadata }, AdminOf(room), cancellationToken);

    // roomAdmin is scoped: the token's room must be the room the call is about.
    private static VideoGrant AdminOf(string room) => new() { RoomAdmin = true, Room = room };

    private async Task<TReply> CallAsync<TReply>(string method, object request, VideoGrant grant, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity($"{Service}/{method}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "twirp");
        activity?.SetTag("rpc.service", Service);
        activity?.SetTag("rpc.method", method);

        using var message = new HttpRequestMessage(HttpMethod.Post, $"twirp/{Service}/{method}")
        {
            Content = JsonContent.Create(request, options: LiveKitJson.Options),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.CreateApiToken(grant));

        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await ReadErrorAsync(response, cancellationToken);
            }
            var json = ProtoJsonKeys.ToLowerCamelCase(
                await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken: cancellationToken) ?? new JsonObject());
            return json.Deserialize<TReply>(LiveKitJson.Options)
                ?? throw new LiveKitException(TwirpCodes.Malformed, $"{method}: empty reply", response.StatusCode);
        }
        // Connection failures, timeouts, and the resilience pipeline giving up (timeout, open circuit).
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new LiveKitUnavailableException($"LiveKit server unreachable at {http.BaseAddress}: {ex.Message}", null, ex);
        }
        catch (LiveKitException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("rpc.twirp.error_code", ex.Code);
            throw;
        }
        catch (JsonException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new LiveKitException(TwirpCodes.Malformed, $"{method}: reply is not valid JSON: {ex.Message}", null, innerException: ex);
        }
    }

    private static async Task<LiveKitException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        TwirpError? error = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                error = JsonSerializer.Deserialize<TwirpError>(text, LiveKitJson.Options);
            }
            catch (JsonException)
            {
                // Not a Twirp error body; the raw text is the message below.
            }
        }

        // The auth middleware of the OSS server answers 401 in plain text, before Twirp sees the call.
        var code = error?.Code ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => TwirpCodes.Unauthenticated,
            HttpStatusCode.NotFound => TwirpCodes.BadRoute,
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => TwirpCodes.Unavailable,
            _ => TwirpCodes.Unknown,
        };
        var detail = error?.Msg ?? (string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "" : text.Trim());
        return LiveKitException.From(code, detail, response.StatusCode, error?.Meta);
    }
}
