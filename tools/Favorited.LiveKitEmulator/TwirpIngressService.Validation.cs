using System.Text.Json;
using static Favorited.LiveKitEmulator.TwirpCall;

namespace Favorited.LiveKitEmulator;

/// <summary>LiveKit's ingress validation (protocol's <c>ValidateForSerialization</c>) and its transcoding defaults.</summary>
internal static partial class TwirpIngressService
{
    private static readonly IReadOnlyList<string> AudioPresets = ["OPUS_STEREO_96KBPS", "OPUS_MONO_64KBS"];

    private static readonly IReadOnlyList<string> VideoPresets =
    [
        "H264_720P_30FPS_3_LAYERS", "H264_1080P_30FPS_3_LAYERS", "H264_540P_25FPS_2_LAYERS", "H264_720P_30FPS_1_LAYER",
        "H264_1080P_30FPS_1_LAYER", "H264_720P_30FPS_3_LAYERS_HIGH_MOTION", "H264_1080P_30FPS_3_LAYERS_HIGH_MOTION",
        "H264_540P_25FPS_2_LAYERS_HIGH_MOTION", "H264_720P_30FPS_1_LAYER_HIGH_MOTION", "H264_1080P_30FPS_1_LAYER_HIGH_MOTION",
    ];

    private static (IngressMediaOptions? Audio, IngressMediaOptions? Video, IResult? Error) ReadMediaOptions(JsonElement body)
    {
        var (audio, audioError) = ReadMediaOptions(body, "audio", AudioPresets, "invalid audio parameters",
            ["UNKNOWN", "MICROPHONE", "SCREEN_SHARE_AUDIO"]);
        var (video, videoError) = ReadMediaOptions(body, "video", VideoPresets, "invalid video parameters",
            ["UNKNOWN", "CAMERA", "SCREEN_SHARE"]);
        // LiveKit checks the video options before the audio options.
        return (audio, video, videoError ?? audioError);
    }

    private static (IngressMediaOptions? Options, IResult? Error) ReadMediaOptions(JsonElement body, string field,
        IReadOnlyList<string> presets, string invalid, IReadOnlyList<string> allowedSources)
    {
        if (Find(body, field) is not { ValueKind: JsonValueKind.Object } options)
        {
            return (null, null);
        }
        var source = EnumField(options, "source", TrackEnums.Sources);
        if (source is null || !allowedSources.Contains(source))
        {
            return (null, TwirpError(400, "invalid_argument", $"{invalid}: invalid track source"));
        }
        string? preset = null;
        if (Find(options, "preset") is { ValueKind: not JsonValueKind.Null })
        {
            preset = EnumField(options, "preset", presets);
            if (preset is null)
            {
                return (null, TwirpError(400, "invalid_argument", $"{invalid}: invalid preset"));
            }
        }
        return (new IngressMediaOptions(Field(options, "name"), source, preset), null);
    }

    private static IResult? Validate(Ingress ingress)
    {
        if (ingress.ParticipantIdentity.Length == 0)
        {
            return TwirpError(400, "invalid_argument", "invalid ingress: no participant identity");
        }
        var transcodingOff = ingress.InputType == "WHIP_INPUT" ? ingress.EnableTranscoding != true : ingress.EnableTranscoding == false;
        if ((ingress.BypassTranscoding && ingress.InputType != "WHIP_INPUT") || (transcodingOff && ingress.InputType != "WHIP_INPUT"))
        {
            return TwirpError(400, "invalid_argument",
                "invalid transcoding bypass configuration: bypassing transcoding impossible with selected input type");
        }
        return null;
    }

    /// <summary>
    /// LiveKit's <c>updateEnableTranscoding</c>: an unset <c>enable_transcoding</c> becomes true for RTMP and false for
    /// WHIP, and the deprecated <c>bypass_transcoding</c> follows it.
    /// </summary>
    private static void SettleTranscoding(Ingress ingress)
    {
        if (ingress.EnableTranscoding is { } enabled)
        {
            ingress.BypassTranscoding = !enabled;
            return;
        }
        var whip = ingress.InputType == "WHIP_INPUT";
        ingress.EnableTranscoding = !whip;
        ingress.BypassTranscoding = whip;
    }
}
