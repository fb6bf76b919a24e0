using System.Text.Json;
using Microsoft.Extensions.Options;
using static Favorited.LiveKitEmulator.TwirpCall;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// <c>livekit.Ingress</c> as LiveKit's server and ingress service handle it, for RTMP and WHIP inputs (URL pull
/// ingress is answered <c>unimplemented</c>). Every method needs the <c>ingressAdmin</c> grant. Creating, updating and
/// deleting an ingress sends no webhook: LiveKit reports those only to its analytics.
/// </summary>
internal static partial class TwirpIngressService
{
    public static void MapTwirpIngressService(this IEndpointRouteBuilder app) =>
        app.MapPost("/twirp/livekit.Ingress/{method}", Handle);

    private static async Task<IResult> Handle(string method, HttpRequest request, RoomStore store, IoStore io,
        WebhookDispatcher webhooks, TokenCheck tokens, IOptions<EmulatorOptions> options)
    {
        var (claims, body, refusal) = await ReadAsync(request, tokens);
        if (refusal is not null)
        {
            return refusal;
        }
        lock (store.Sync)
        {
            return method switch
            {
                "CreateIngress" => CreateIngress(body, claims, io, options.Value),
                "UpdateIngress" => UpdateIngress(body, claims, io),
                "ListIngress" => ListIngress(body, claims, io),
                "DeleteIngress" => DeleteIngress(body, claims, store, io, webhooks),
                _ => BadRoute(request),
            };
        }
    }

    private static IResult CreateIngress(JsonElement body, JsonElement claims, IoStore io, EmulatorOptions options)
    {
        // LiveKit checks the input type before the grant.
        var inputType = EnumField(body, "input_type", Ingress.InputTypes);
        if (inputType is null)
        {
            return TwirpError(400, "invalid_argument", "invalid ingress type");
        }
        if (!TokenCheck.Grant(claims, "ingressAdmin"))
        {
            return PermissionDenied();
        }
        if (inputType == "URL_INPUT")
        {
            return TwirpError(501, "unimplemented", "the emulator does not pull URL_INPUT ingresses");
        }
        var (audio, video, optionsError) = ReadMediaOptions(body);
        if (optionsError is not null)
        {
            return optionsError;
        }
        var ingress = new Ingress
        {
            IngressId = RoomStore.NewSid("IN_"),
            InputType = inputType,
            Url = inputType == "RTMP_INPUT" ? options.IngressRtmpBaseUrl : options.IngressWhipBaseUrl,
            StreamKey = RoomStore.NewSid(""),
            Reusable = true,
            Name = Field(body, "name"),
            RoomName = Field(body, "room_name"),
            ParticipantIdentity = Field(body, "participant_identity"),
            ParticipantName = Field(body, "participant_name"),
            ParticipantMetadata = Field(body, "participant_metadata"),
            BypassTranscoding = Bool(body, "bypass_transcoding"),
            EnableTranscoding = OptionalBool(body, "enable_transcoding"),
            Enabled = OptionalBool(body, "enabled"),
            Audio = audio,
            Video = video,
        };
        if (Validate(ingress) is { } invalid)
        {
            return invalid;
        }
        SettleTranscoding(ingress);
        io.Add(ingress);
        return Reply(ingress.ToProto());
    }

    /// <summary>
    /// Fields left empty keep their value. An ingress in error is reset to inactive first; a live one keeps publishing
    /// (LiveKit passes the update on to the running session, which the emulator does not model further).
    /// </summary>
    private static IResult UpdateIngress(JsonElement body, JsonElement claims, IoStore io)
    {
        if (!TokenCheck.Grant(claims, "ingressAdmin"))
        {
            return PermissionDenied();
        }
        if (io.FindIngress(Field(body, "ingress_id")) is not { } ingress)
        {
            return IngressNotFound();
        }
        var (audio, video, optionsError) = ReadMediaOptions(body);
        if (optionsError is not null)
        {
            return optionsError;
        }
        if (ingress.Status == "ENDPOINT_ERROR")
        {
            ingress.Status = "ENDPOINT_INACTIVE";
        }
        ingress.Name = NonEmptyOr(Field(body, "name"), ingress.Name);
        ingress.RoomName = NonEmptyOr(Field(body, "room_name"), ingress.RoomName);
        ingress.ParticipantIdentity = NonEmptyOr(Field(body, "participant_identity"), ingress.ParticipantIdentity);
        ingress.ParticipantName = NonEmptyOr(Field(body, "participant_name"), ingress.ParticipantName);
        ingress.ParticipantMetadata = NonEmptyOr(Field(body, "participant_metadata"), ingress.ParticipantMetadata);
        ingress.EnableTranscoding = OptionalBool(body, "enable_transcoding") ?? ingress.EnableTranscoding;
        ingress.Enabled = OptionalBool(body, "enabled") ?? ingress.Enabled;
        ingress.Audio = audio ?? ingress.Audio;
        ingress.Video = video ?? ingress.Video;
        if (Validate(ingress) is { } invalid)
        {
            return invalid;
        }
        SettleTranscoding(ingress);
        return Reply(ingress.ToProto());
    }

    /// <summary>By id (not found is an error), else every ingress of a room, else all.</summary>
    private static IResult ListIngress(JsonElement body, JsonElement claims, IoStore io)
    {
        if (!TokenCheck.Grant(claims, "ingressAdmin"))
        {
            return PermissionDenied();
        }
        var ingressId = Field(body, "ingress_id");
        IReadOnlyList<Ingress> items;
        if (ingressId.Length > 0)
        {
            if (io.FindIngress(ingressId) is not { } ingress)
            {
                return IngressNotFound();
            }
            items = [ingress];
        }
        else
        {
            var roomName = Field(body, "room_name");
            items = [.. io.Ingresses.Where(i => roomName.Length == 0 || i.RoomName == roomName)];
        }
        return Results.Json(new ProtoMessage()
            .Messages("items", [.. items.Select(i => i.ToProto())])
            .Message("next_page_token", null)
            .Render(snakeCase: true));
    }

    /// <summary>
    /// A live ingress is stopped (its participant leaves the room) and the ingress is gone; the reply shows it inactive.
    /// No <c>ingress_ended</c> is sent: LiveKit deletes the ingress before the stopped session reports its end, so that
    /// report finds nothing to update.
    /// </summary>
    private static IResult DeleteIngress(JsonElement body, JsonElement claims, RoomStore store, IoStore io, WebhookDispatcher webhooks)
    {
        if (!TokenCheck.Grant(claims, "ingressAdmin"))
        {
            return PermissionDenied();
        }
        if (io.FindIngress(Field(body, "ingress_id")) is not { } ingress)
        {
            return IngressNotFound();
        }
        if (ingress.IsLive)
        {
            IngressSessions.LeaveRoom(ingress, store, webhooks);
        }
        io.Remove(ingress);
        ingress.Status = "ENDPOINT_INACTIVE";
        return Reply(ingress.ToProto());
    }

    private static IResult IngressNotFound() => TwirpError(404, "not_found", "ingress does not exist");

    private static string NonEmptyOr(string value, string current) => value.Length > 0 ? value : current;
}
