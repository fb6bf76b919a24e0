namespace Favorited.Core.LiveKit;

/// <summary>
/// LiveKit's Egress service over Twirp JSON (<c>/twirp/livekit.Egress/{Method}</c>), every call with a token carrying
/// only <c>roomRecord</c>. Progress comes as webhooks: <c>egress_started</c>, <c>egress_updated</c> (active, ending,
/// stream changes) and <c>egress_ended</c> (with the results), on a queue of their own apart from the room's events.
/// </summary>
public sealed class EgressClient(HttpClient http, AccessTokenIssuer tokens)
{
    private const string Service = "livekit.Egress";
    private static readonly VideoGrant RoomRecord = new() { RoomRecord = true };

    /// <summary>
    /// Starts recording or restreaming a room; the reply says starting. <see cref="LiveKitNotFoundException"/> when the
    /// room does not exist, <c>invalid_argument</c> for outputs LiveKit refuses.
    /// </summary>
    public Task<EgressInfo> StartRoomCompositeEgressAsync(RoomCompositeEgressRequest request, CancellationToken cancellationToken) =>
        CallAsync<EgressInfo>("StartRoomCompositeEgress", request, cancellationToken);

    /// <summary>
    /// Adds and removes RTMP urls of a live stream egress; removing the last one ends it. <c>failed_precondition</c> once the
    /// egress has ended, <c>invalid_argument</c> for a bad url or an egress without stream output, not found for an
    /// unknown egress or url.
    /// </summary>
    public Task<EgressInfo> UpdateStreamAsync(string egressId, IReadOnlyList<string>? addOutputUrls, IReadOnlyList<string>? removeOutputUrls,
        CancellationToken cancellationToken) =>
        CallAsync<EgressInfo>("UpdateStream", new { egressId, addOutputUrls, removeOutputUrls }, cancellationToken);

    /// <summary>
    /// The egress with <paramref name="egressId"/> (<see cref="LiveKitNotFoundException"/> when there is none), else those of
    /// <paramref name="roomName"/> (or all), only those not ended when <paramref name="active"/>.
    /// </summary>
    public async Task<IReadOnlyList<EgressInfo>> ListEgressAsync(string? roomName, string? egressId, bool active,
        CancellationToken cancellationToken)
    {
        var reply = await CallAsync<ListEgressReply>("ListEgress", new { roomName, egressId, active = active ? true : (bool?)null },
            cancellationToken);
        return reply.Items ?? [];
    }

    /// <summary>Stops the egress; the reply says ending, and <c>egress_ended</c> follows with the results. <c>failed_precondition</c> once ended.</summary>
    public Task<EgressInfo> StopEgressAsync(string egressId, CancellationToken cancellationToken) =>
        CallAsync<EgressInfo>("StopEgress", new { egressId }, cancellationToken);

    private Task<TReply> CallAsync<TReply>(string method, object request, CancellationToken cancellationToken) =>
        TwirpCaller.CallAsync<TReply>(http, tokens, Service, method, request, RoomRecord, cancellationToken);
}
