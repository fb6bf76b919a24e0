using Favorited.Core.Data;

namespace Favorited.Api.Invites;

/// <param name="ExpiresAt">Null: the invite never expires.</param>
/// <param name="MaxUses">Null: any number of people.</param>
public sealed record CreateInviteRequest(DateTime? ExpiresAt, int? MaxUses, bool? AllowGuests)
{
    public const int MaxMaxUses = 100_000;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    public string? Validate(DateTime now) => this switch
    {
        { ExpiresAt: { } expires } when expires.ToUniversalTime() <= now => "expiresAt must be in the future",
        { ExpiresAt: { } expires } when expires.ToUniversalTime() > now + MaxLifetime => "expiresAt must be within a year",
        { MaxUses: < 1 or > MaxMaxUses } => $"maxUses must be between 1 and {MaxMaxUses}",
        _ => null,
    };
}

public enum InviteState
{
    Active,
    Expired,
    Revoked,
    UsedUp,
}

public sealed record InviteResponse(Guid Id, Guid LivestreamId, string Code, InviteState State, DateTime? ExpiresAt, int? MaxUses,
    int Uses, bool AllowGuests, DateTime? RevokedAt, DateTime CreatedAt);

public sealed record RedeemedResponse(Guid LivestreamId);

public static class InviteMapping
{
    public static InviteResponse ToResponse(this Invite invite, DateTime now) => new(invite.Id, invite.LivestreamId, invite.Code,
        invite switch
        {
            { RevokedAt: not null } => InviteState.Revoked,
            { ExpiresAt: { } expires } when expires <= now => InviteState.Expired,
            { MaxUses: { } max } when invite.Uses >= max => InviteState.UsedUp,
            _ => InviteState.Active,
        },
        invite.ExpiresAt, invite.MaxUses, invite.Uses, invite.AllowGuests, invite.RevokedAt, invite.CreatedAt);
}
