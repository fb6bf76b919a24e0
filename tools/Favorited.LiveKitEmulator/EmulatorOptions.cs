namespace Favorited.LiveKitEmulator;

/// <summary>Settings (section <c>Emulator</c>); the defaults are <c>livekit-server --dev</c>'s.</summary>
public sealed class EmulatorOptions
{
    public string ApiKey { get; set; } = "devkey";
    public string ApiSecret { get; set; } = "secret";

    /// <summary>Where webhooks are delivered; none means no webhooks are sent.</summary>
    public List<string> WebhookUrls { get; set; } = [];

    /// <summary>First retry delay for failed webhook deliveries; LiveKit doubles it from 1 s.</summary>
    public TimeSpan WebhookRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>LiveKit's <c>room.enable_remote_unmute</c>: whether MutePublishedTrack may unmute. Off by default, as in LiveKit.</summary>
    public bool EnableRemoteUnmute { get; set; }
}
