namespace Favorited.LiveKitEmulator;

/// <summary>An encoder connecting to and leaving an ingress, found by its id or by the stream key it pushes with.</summary>
internal static partial class EmulatorControl
{
    /// <param name="Video">Whether the encoder sends video; LiveKit publishes one track per kind of media it receives.</param>
    public record IngressConnectRequest(string? IngressId = null, string? StreamKey = null, bool Video = true, bool Audio = true,
        uint Width = 1280, uint Height = 720);

    /// <param name="Error">Set when the session fails (<c>ENDPOINT_ERROR</c>) rather than the encoder stopping.</param>
    public record IngressDisconnectRequest(string? IngressId = null, string? StreamKey = null, string? Error = null);

    private static void MapIngressControl(RouteGroupBuilder control)
    {
        control.MapPost("/ingress/connect", ConnectEncoder);
        control.MapPost("/ingress/disconnect", DisconnectEncoder);
    }

    /// <summary>
    /// Refused like LiveKit's ingress refuses a push: 404 for an unknown ingress or key, 403 "session is disabled", and
    /// 409 while another encoder publishes. Otherwise the ingress as it is after starting (snake_case).
    /// </summary>
    private static IResult ConnectEncoder(IngressConnectRequest request, RoomStore store, IoStore io, WebhookDispatcher webhooks)
    {
        lock (store.Sync)
        {
            if (FindIngress(io, request.IngressId, request.StreamKey) is not { } ingress)
            {
                return TwirpCall.TwirpError(404, "not_found", "ingress does not exist");
            }
            if (ingress.Enabled == false)
            {
                return TwirpCall.TwirpError(403, "permission_denied", "session is disabled");
            }
            if (ingress.IsLive)
            {
                return TwirpCall.TwirpError(409, "already_exists", "ingress already has a publishing session");
            }
            IngressSessions.Start(ingress, store, io, webhooks, request.Video, request.Audio, request.Width, request.Height);
            return TwirpCall.Reply(ingress.ToProto());
        }
    }

    private static IResult DisconnectEncoder(IngressDisconnectRequest request, RoomStore store, IoStore io, WebhookDispatcher webhooks)
    {
        lock (store.Sync)
        {
            if (FindIngress(io, request.IngressId, request.StreamKey) is not { } ingress)
            {
                return TwirpCall.TwirpError(404, "not_found", "ingress does not exist");
            }
            if (!ingress.IsLive)
            {
                return TwirpCall.TwirpError(412, "failed_precondition", "no encoder is publishing to this ingress");
            }
            IngressSessions.Stop(ingress, store, io, webhooks, request.Error);
            return TwirpCall.Reply(ingress.ToProto());
        }
    }

    private static Ingress? FindIngress(IoStore io, string? ingressId, string? streamKey) =>
        string.IsNullOrEmpty(ingressId) ? io.FindIngressByStreamKey(streamKey ?? "") : io.FindIngress(ingressId);
}
