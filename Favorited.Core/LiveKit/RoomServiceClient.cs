using System.Text.Json.Nodes;

namespace Favorited.Core.LiveKit;

/// <summary>
/// LiveKit's RoomService over Twirp JSON, as the server SDKs call it: one POST per method to
/// <c>/twirp/livekit.RoomService/{Method}</c>, each with a fresh token carrying exactly the grant the
/// method needs. Works the same against LiveKit Cloud, <c>livekit-server --dev</c> and the emulator.
/// </summary>
public sealed class RoomServiceClient(HttpClient http, AccessTokenIssuer tokens)
{
    public const string ActivitySourceName = TwirpCaller.ActivitySourceName;
    private const string Service = "livekit.RoomService";

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

    private Task<TReply> CallAsync<TReply>(string method, object request, VideoGrant grant, CancellationToken cancellationToken) =>
        TwirpCaller.CallAsync<TReply>(http, tokens, Service, method, request, grant, cancellationToken);
}
