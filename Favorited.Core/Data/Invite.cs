namespace Favorited.Core.Data;

/// <summary>A link the creator of a private livestream hands out; redeeming it lets that user watch.</summary>
public sealed class Invite
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LivestreamId { get; set; }

    /// <summary>The secret in the link: 128 random bits, base64url.</summary>
    public required string Code { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Null: never expires.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>Null: any number of people may redeem it.</summary>
    public int? MaxUses { get; set; }

    /// <summary>How many people redeemed it (someone redeeming again is not counted twice).</summary>
    public int Uses { get; set; }

    public bool AllowGuests { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>A user who may watch a private livestream (they redeemed an invite).</summary>
public sealed class StreamAccess
{
    public Guid LivestreamId { get; set; }
    public required string UserId { get; set; }
    public Guid? InviteId { get; set; }
    public DateTime GrantedAt { get; set; }
}
