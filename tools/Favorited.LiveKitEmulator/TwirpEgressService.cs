using System.Text.Json;
using Microsoft.Extensions.Options;
using static Favorited.LiveKitEmulator.TwirpCall;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// <c>livekit.Egress</c> as LiveKit's server and egress service handle it, for room composite egresses to MP4 files,
/// HLS segments and RTMP streams. Every method needs the <c>roomRecord</c> grant. The other start methods (web,
/// participant, track composite, track, the generic StartEgress) and UpdateLayout answer <c>unimplemented</c>.
/// </summary>
internal static partial class TwirpEgressService
{
    public static void MapTwirpEgressService(this IEndpointRouteBuilder app) =>
        app.MapPost("/twirp/livekit.Egress/{method}", Handle);

    private static readonly HashSet<string> UnemulatedMethods =
        ["StartEgress", "StartWebEgress", "StartParticipantEgress", "StartTrackCompositeEgress", "StartTrackEgress", "UpdateLayout"];

    private static async Task<IResult> Handle(string method, HttpRequest request, RoomStore store, IoStore io,
        WebhookDispatcher webhooks, TokenCheck tokens, IOptions<EmulatorOptions> options)
    {
        var (claims, body, refusal) = await ReadAsync(request, tokens);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!UnemulatedMethods.Contains(method) && method is not ("StartRoomCompositeEgress" or "UpdateStream" or "ListEgress" or "StopEgress"))
        {
            return BadRoute(request);
        }
        if (!TokenCheck.Grant(claims, "roomRecord"))
        {
            return PermissionDenied();
        }
        if (UnemulatedMethods.Contains(method))
        {
            return TwirpError(501, "unimplemented", $"the emulator does not implement livekit.Egress/{method}");
        }
        var lifecycle = new EgressLifecycle(store, io, webhooks, options.Value);
        lock (store.Sync)
        {
            return method switch
            {
                "StartRoomCompositeEgress" => StartRoomCompositeEgress(body, store, io, lifecycle, options.Value),
                "UpdateStream" => UpdateStream(body, io, lifecycle),
                "ListEgress" => ListEgress(body, io),
                _ => StopEgress(body, io, lifecycle),
            };
        }
    }

    /// <summary>
    /// Answers the egress as starting; right after, the emulated pipeline is up: <c>egress_started</c> (starting) then
    /// <c>egress_updated</c> (active). The room must exist, and so must at least one output.
    /// </summary>
    private static IResult StartRoomCompositeEgress(JsonElement body, RoomStore store, IoStore io, EgressLifecycle lifecycle,
        EmulatorOptions options)
    {
        var roomName = Field(body, "room_name");
        if (roomName.Length == 0)
        {
            return InvalidField("room_name");
        }
        if (store.Find(roomName) is not { } room)
        {
            return TwirpError(404, "not_found", "requested room does not exist");
        }
        if (options.MaxActiveEgress > 0 && io.Egresses.Count(e => !e.HasEnded) >= options.MaxActiveEgress)
        {
            // No egress instance takes the request: psrpc's answer when nobody claims it.
            return TwirpError(503, "unavailable", "no response from servers");
        }
        if (Bool(body, "audio_only") && Bool(body, "video_only"))
        {
            return InvalidField("audio_only and video_only");
        }
        var (outputs, invalid) = ReadOutputs(body, roomName, room.Sid, io.NowNanoseconds());
        if (invalid is not null)
        {
            return invalid;
        }
        var egress = new Egress
        {
            EgressId = RoomStore.NewSid("EG_"),
            RoomId = room.Sid,
            RoomName = roomName,
            Request = EchoRequest(body, outputs),
            HasStreamOutput = outputs.HasStreamOutput,
            UpdatedAt = io.NowNanoseconds(),
        };
        egress.Files.AddRange(outputs.Files);
        egress.Segments.AddRange(outputs.Segments);
        egress.Streams.AddRange(outputs.Streams);
        io.Add(egress);
        var reply = Reply(egress.ToProto());
        lifecycle.Started(egress);
        return reply;
    }

    /// <summary>
    /// Adds and removes RTMP outputs of a live stream egress. Every url is tried; the first failure's code and all
    /// messages make the error, as LiveKit's egress joins them. Removing the last output ends the egress.
    /// </summary>
    private static IResult UpdateStream(JsonElement body, IoStore io, EgressLifecycle lifecycle)
    {
        if (io.FindEgress(Field(body, "egress_id")) is not { } egress)
        {
            return EgressNotFound();
        }
        if (!egress.IsActive)
        {
            return TwirpError(412, "failed_precondition", $"egress with status {egress.Status} cannot be updated");
        }
        if (!egress.HasStreamOutput)
        {
            return TwirpError(400, "invalid_argument", "UpdateStream called on non-streaming egress");
        }
        var errors = new List<(int Status, string Code, string Message)>();
        foreach (var url in Strings(body, "add_output_urls"))
        {
            if (ValidateRtmpUrl(url, "invalid scheme") is { } error)
            {
                errors.Add((400, "invalid_argument", error));
                continue;
            }
            egress.Streams.Add(new EgressStream { RawUrl = url, RedactedUrl = RedactStreamKey(url), StartedAt = io.NowNanoseconds() });
        }
        var removed = new List<EgressStream>();
        foreach (var url in Strings(body, "remove_output_urls"))
        {
            if (egress.Streams.Find(s => s.RawUrl == url && s.Status == "ACTIVE") is not { } stream)
            {
                errors.Add((404, "not_found", $"stream {url} not found"));
                continue;
            }
            removed.Add(stream);
        }
        lifecycle.StreamsChanged(egress, removed);
        return errors.Count == 0
            ? Reply(egress.ToProto())
            : TwirpError(errors[0].Status, errors[0].Code, string.Join("\n", errors.Select(e => e.Message)));
    }

    /// <summary>By id (not found is an error), else by room and, with <c>active</c>, only those not yet ended.</summary>
    private static IResult ListEgress(JsonElement body, IoStore io)
    {
        var egressId = Field(body, "egress_id");
        IReadOnlyList<Egress> items;
        if (egressId.Length > 0)
        {
            if (io.FindEgress(egressId) is not { } egress)
            {
                return EgressNotFound();
            }
            items = [egress];
        }
        else
        {
            var roomName = Field(body, "room_name");
            var activeOnly = Bool(body, "active");
            items = [.. io.Egresses.Where(e => (roomName.Length == 0 || e.RoomName == roomName) && (!activeOnly || !e.HasEnded))];
        }
        return Results.Json(new ProtoMessage()
            .Messages("items", [.. items.Select(e => e.ToProto())])
            .Message("next_page_token", null)
            .Render(snakeCase: true));
    }

    /// <summary>
    /// Answers the egress as ending (<c>egress_updated</c>); unless <see cref="EmulatorOptions.CompleteEgressOnStop"/> is
    /// off it then completes with its results (<c>egress_ended</c>). Stopping an ending egress changes nothing; one that
    /// has ended is <c>failed_precondition</c>.
    /// </summary>
    private static IResult StopEgress(JsonElement body, IoStore io, EgressLifecycle lifecycle)
    {
        if (io.FindEgress(Field(body, "egress_id")) is not { } egress)
        {
            return EgressNotFound();
        }
        if (egress.HasEnded)
        {
            return TwirpError(412, "failed_precondition", $"egress with status {egress.Status} cannot be stopped");
        }
        return lifecycle.Stop(egress, "StopEgress API");
    }

    private static IResult EgressNotFound() => TwirpError(404, "not_found", "egress does not exist");

    private static IResult InvalidField(string field) =>
        TwirpError(400, "invalid_argument", $"request has missing or invalid field: {field}");
}
