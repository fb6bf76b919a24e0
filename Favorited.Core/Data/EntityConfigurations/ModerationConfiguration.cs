using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Favorited.Core.Data.EntityConfigurations;

internal sealed class ModerationActionConfiguration : IEntityTypeConfiguration<ModerationAction>
{
    public void Configure(EntityTypeBuilder<ModerationAction> builder)
    {
        builder.ToTable("moderation_actions");
        builder.Property(a => a.ActorId).IsRequired();
        builder.Property(a => a.TargetId).IsRequired();
        builder.HasIndex(a => new { a.LivestreamId, a.CreatedAt });
        builder.HasOne<Livestream>().WithMany().HasForeignKey(a => a.LivestreamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StreamBanConfiguration : IEntityTypeConfiguration<StreamBan>
{
    public void Configure(EntityTypeBuilder<StreamBan> builder)
    {
        builder.ToTable("stream_bans", table => table.HasCheckConstraint("ck_stream_bans_until_after_created", "until IS NULL OR until > created_at"));
        builder.Property(b => b.UserId).IsRequired();
        builder.Property(b => b.CreatedBy).IsRequired();
        // A new ban lifts the one before it, so a user has at most one ban not lifted per stream.
        builder.HasIndex(b => new { b.LivestreamId, b.UserId })
            .HasDatabaseName(ConstraintNames.OneBanPerUser)
            .IsUnique()
            .HasFilter("lifted_at IS NULL");
        builder.HasOne<Livestream>().WithMany().HasForeignKey(b => b.LivestreamId).OnDelete(DeleteBehavior.Cascade);
    }
}
