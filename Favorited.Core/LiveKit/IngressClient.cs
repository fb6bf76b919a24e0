namespace Favorited.Core.LiveKit;

/// <summary>
/// LiveKit's Ingress service over Twirp JSON (<c>/twirp/livekit.Ingress/{Method}</c>), every call with a token
/// carrying only <c>ingressAdmin</c>. LiveKit sends no webhook for creating, updating or deleting an ingress: only
/// <c>ingress_started</c> and <c>ingress_ended</c> as encoders come and go.
/// </summary>
public sealed class IngressClient(HttpClient http, AccessTokenIssuer tokens)
{
    private const string Service = "livekit.Ingress";
    private static readonly VideoGrant IngressAdmin = new() { IngressAdmin = true };

    /// <summary>A reusable endpoint (RTMP or WHIP) with a new stream key; invalid requests are <c>invalid_argument</c>.</summary>
    public Task<IngressInfo> CreateIngressAsync(CreateIngressRequest request, CancellationToken cancellationToken) =>
        CallAsync<IngressInfo>("CreateIngress", request, cancellationToken);

    /// <summary>Changes the fields given; <see cref="LiveKitNotFoundException"/> when there is no such ingress.</summary>
    public Task<IngressInfo> UpdateIngressAsync(UpdateIngressRequest request, CancellationToken cancellationToken) =>
        CallAsync<IngressInfo>("UpdateIngress", request, cancellationToken);

    /// <summary>
    /// The ingress with <paramref name="ingressId"/> (<see cref="LiveKitNotFoundException"/> when there is none), else
    /// those of <paramref name="roomName"/>, else all.
    /// </summary>
    public async Task<IReadOnlyList<IngressInfo>> ListIngressAsync(string? roomName, string? ingressId, CancellationToken cancellationToken)
    {
        var reply = await CallAsync<ListIngressReply>("ListIngress", new { roomName, ingressId }, cancellationToken);
        return reply.Items ?? [];
    }

    /// <summary>Stops a live session (its participant leaves) and deletes the ingress; returns it as it was, inactive.</summary>
    public Task<IngressInfo> DeleteIngressAsync(string ingressId, CancellationToken cancellationToken) =>
        CallAsync<IngressInfo>("DeleteIngress", new { ingressId }, cancellationToken);

    private Task<TReply> CallAsync<TReply>(string method, object request, CancellationToken cancellationToken) =>
        TwirpCaller.CallAsync<TReply>(http, tokens, Service, method, request, IngressAdmin, cancellationToken);
}
