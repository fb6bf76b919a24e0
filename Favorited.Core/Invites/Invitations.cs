using System.Buffers.Text;
using System.Security.Cryptography;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Invites;

/// <summary>
/// The invite links of private livestreams: the creator makes them (expiry, maximum uses, guests or not), lists them with
/// their uses and revokes them; redeeming one lets that user watch the stream for good (<see cref="StreamAccess"/>).
/// </summary>
public sealed class Invitations(FavoritedDbContext db, TimeProvider timeProvider)
{
    public async Task<Invite> CreateAsync(Guid streamId, DateTime? expiresAt, int? maxUses, bool allowGuests, CancellationToken ct)
    {
        var invite = new Invite
        {
            LivestreamId = streamId,
            // The link is the credential: 128 bits from the system's CSPRNG, so it cannot be guessed.
            Code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
            MaxUses = maxUses,
            AllowGuests = allowGuests,
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        return invite;
    }

    public Task<List<Invite>> ListAsync(Guid streamId, CancellationToken ct) =>
        db.Invites.AsNoTracking().Where(i => i.LivestreamId == streamId).OrderByDescending(i => i.CreatedAt).ToListAsync(ct);

    /// <returns>The invite as it is now (revoked once, the first time), or null when the stream has no such invite.</returns>
    public async Task<Invite?> RevokeAsync(Guid streamId, Guid inviteId, CancellationToken ct)
    {
        var invite = await db.Invites.SingleOrDefaultAsync(i => i.Id == inviteId && i.LivestreamId == streamId, ct);
        if (invite is not null && invite.RevokedAt is null)
        {
            invite.RevokedAt = timeProvider.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
        return invite;
    }

    /// <summary>
    /// Lets the user watch the invite's stream. Someone who may already watch (its creator, or who redeemed before) uses up
    /// nothing. The invite's row is locked meanwhile, so two people cannot both take its last use.
    /// </summary>
    public async Task<Redemption> RedeemAsync(string code, string userId, bool isGuest, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var invite = (await db.Invites.FromSql($"SELECT * FROM invites WHERE code = {code} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
            if (invite is null)
            {
                return new InviteNotFound();
            }
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var creator = await db.Livestreams.Where(l => l.Id == invite.LivestreamId).Select(l => l.CreatedBy).SingleAsync(ct);
            if (creator == userId || await db.StreamAccess.AnyAsync(a => a.LivestreamId == invite.LivestreamId && a.UserId == userId, ct))
            {
                return new Redeemed(invite.LivestreamId);
            }
            Redemption? refused = invite switch
            {
                { RevokedAt: not null } => new InviteRefused("This invite was revoked"),
                { ExpiresAt: { } expires } when expires <= now => new InviteRefused("This invite has expired"),
                { MaxUses: { } max } when invite.Uses >= max => new InviteRefused("This invite has been used as many times as it allows"),
                { AllowGuests: false } when isGuest => new GuestsNotInvited(),
                _ => null,
            };
            if (refused is not null)
            {
                return refused;
            }
            invite.Uses++;
            db.StreamAccess.Add(new StreamAccess { LivestreamId = invite.LivestreamId, UserId = userId, InviteId = invite.Id, GrantedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolationOf(ConstraintNames.OneAccessPerUser))
            {
                // The same user redeemed another invite of the stream at the same moment: they are in, this one is unused.
                return new Redeemed(invite.LivestreamId);
            }
            await transaction.CommitAsync(ct);
            return new Redeemed(invite.LivestreamId);
        });
    }
}

/// <summary>What <see cref="Invitations.RedeemAsync"/> came to.</summary>
public abstract record Redemption;

public sealed record Redeemed(Guid LivestreamId) : Redemption;

public sealed record InviteNotFound : Redemption;

/// <summary>Revoked, expired or used up: the reason is for the person holding the link.</summary>
public sealed record InviteRefused(string Reason) : Redemption;

/// <summary>A guest holds a link its creator made for accounts only.</summary>
public sealed record GuestsNotInvited : Redemption;
