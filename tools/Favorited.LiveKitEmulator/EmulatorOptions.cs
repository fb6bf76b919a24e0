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

    /// <summary>LiveKit's <c>ingress.rtmp_base_url</c>: the URL every RTMP ingress reports; encoders push to it with the stream key.</summary>
    public string IngressRtmpBaseUrl { get; set; } = "rtmp://localhost:1935/x";

    /// <summary>LiveKit's <c>ingress.whip_base_url</c>.</summary>
    public string IngressWhipBaseUrl { get; set; } = "http://localhost:8080/w";

    /// <summary>
    /// Whether a stopped egress (StopEgress, its last stream removed, its room closed) finishes at once with made-up
    /// results, as LiveKit's does on its own a moment later. Off, it stays ending until /_emulator/egress/complete.
    /// </summary>
    public bool CompleteEgressOnStop { get; set; } = true;

    /// <summary>How many egresses may run at once (0: no limit); past it, starting one is answered as when no egress instance is free.</summary>
    public int MaxActiveEgress { get; set; }
}
