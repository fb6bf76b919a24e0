namespace Favorited.Core.Data;

/// <summary>A LiveKit webhook that has been applied; its id makes re-deliveries no-ops.</summary>
public sealed class WebhookEvent
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>LiveKit's webhook id (<c>EV_…</c>).</summary>
    public required string Id { get; set; }
    public required string Event { get; set; }
    public DateTime ProcessedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
