namespace Favorited.LiveKitEmulator;

/// <summary>LiveKit's <c>TrackType</c> and <c>TrackSource</c> enums, by name in number order.</summary>
public static class TrackEnums
{
    public static readonly IReadOnlyList<string> Types = ["AUDIO", "VIDEO", "DATA"];

    public static readonly IReadOnlyList<string> Sources = ["UNKNOWN", "CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"];

    /// <summary>A name LiveKit does not know reads as <c>UNKNOWN</c>, as its grant parser reads it.</summary>
    public static string KnownSourceOrUnknown(string name) => Sources.Contains(name) ? name : "UNKNOWN";

    /// <summary>The kind of media a source carries, for a publish request that names only the source.</summary>
    public static string? TypeOfSource(string source) => source switch
    {
        "CAMERA" or "SCREEN_SHARE" => "VIDEO",
        "MICROPHONE" or "SCREEN_SHARE_AUDIO" => "AUDIO",
        _ => null,
    };
}
