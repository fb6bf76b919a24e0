using Microsoft.Extensions.Options;

namespace Favorited.LiveKitEmulator;

/// <summary>What an egress's pipeline does on its own: finishing its outputs, failing, losing an RTMP destination.</summary>
internal static partial class EmulatorControl
{
    /// <param name="Files">Results for the file outputs, in order; what is left out is made up from the egress's times.</param>
    public record EgressCompleteRequest(string EgressId, List<EgressLifecycle.OutputResult>? Files = null,
        List<EgressLifecycle.OutputResult>? Segments = null);

    /// <param name="ErrorCode">The HTTP-style code LiveKit puts in <c>error_code</c>; 500 for an internal failure.</param>
    public record EgressFailRequest(string EgressId, string Error, int ErrorCode = 500);

    /// <param name="Url">The url as it was given to the egress, stream key and all.</param>
    public record StreamFailRequest(string EgressId, string Url, string Error);

    private static void MapEgressControl(RouteGroupBuilder control)
    {
        control.MapPost("/egress/complete", CompleteEgress);
        control.MapPost("/egress/fail", FailEgress);
        control.MapPost("/egress/stream-fail", FailStream);
    }

    /// <summary>An active egress's source closes (it goes through ending) or an ending one finishes uploading.</summary>
    private static IResult CompleteEgress(EgressCompleteRequest request, RoomStore store, IoStore io, WebhookDispatcher webhooks,
        IOptions<EmulatorOptions> options)
    {
        lock (store.Sync)
        {
            if (FindLiveEgress(io, request.EgressId, out var refusal) is not { } egress)
            {
                return refusal!;
            }
            new EgressLifecycle(store, io, webhooks, options.Value).Complete(egress, request.Files ?? [], request.Segments ?? []);
            return TwirpCall.Reply(egress.ToProto());
        }
    }

    private static IResult FailEgress(EgressFailRequest request, RoomStore store, IoStore io, WebhookDispatcher webhooks,
        IOptions<EmulatorOptions> options)
    {
        lock (store.Sync)
        {
            if (FindLiveEgress(io, request.EgressId, out var refusal) is not { } egress)
            {
                return refusal!;
            }
            new EgressLifecycle(store, io, webhooks, options.Value).Fail(egress, request.Error, request.ErrorCode);
            return TwirpCall.Reply(egress.ToProto());
        }
    }

    private static IResult FailStream(StreamFailRequest request, RoomStore store, IoStore io, WebhookDispatcher webhooks,
        IOptions<EmulatorOptions> options)
    {
        lock (store.Sync)
        {
            if (FindLiveEgress(io, request.EgressId, out var refusal) is not { } egress)
            {
                return refusal!;
            }
            if (egress.Streams.Find(s => s.RawUrl == request.Url && s.Status == "ACTIVE") is not { } stream)
            {
                return TwirpCall.TwirpError(404, "not_found", $"stream {request.Url} not found");
            }
            new EgressLifecycle(store, io, webhooks, options.Value).StreamFailed(egress, stream, request.Error);
            return TwirpCall.Reply(egress.ToProto());
        }
    }

    private static Egress? FindLiveEgress(IoStore io, string egressId, out IResult? refusal)
    {
        var egress = io.FindEgress(egressId);
        refusal = egress switch
        {
            null => TwirpCall.TwirpError(404, "not_found", "egress does not exist"),
            { HasEnded: true } => TwirpCall.TwirpError(412, "failed_precondition", $"egress with status {egress.Status} has ended"),
            _ => null,
        };
        return refusal is null ? egress : null;
    }
}
