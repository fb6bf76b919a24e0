namespace Favorited.Core.Data;

/// <summary>A user the host keeps out of a livestream: it holds from <see cref="CreatedAt"/> until <see cref="Until"/> or until lifted.</summary>
public sealed class StreamBan
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LivestreamId { get; set; }
    public required string UserId { get; set; }
    public string? Reason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Null: for good.</summary>
    public DateTime? Until { get; set; }

    /// <summary>When the host unbanned, or banned again (the new ban replaces this one); null while not lifted.</summary>
    public DateTime? LiftedAt { get; set; }
}
