using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Favorited.Core.Data.EntityConfigurations;

internal sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.ToTable("invites", table => table.HasCheckConstraint("ck_invites_uses_within_max", "max_uses IS NULL OR uses <= max_uses"));
        builder.Property(i => i.Code).IsRequired();
        builder.HasIndex(i => i.Code).IsUnique();
        builder.HasIndex(i => i.LivestreamId);
        builder.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        builder.HasOne<Livestream>().WithMany().HasForeignKey(i => i.LivestreamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StreamAccessConfiguration : IEntityTypeConfiguration<StreamAccess>
{
    public void Configure(EntityTypeBuilder<StreamAccess> builder)
    {
        builder.ToTable("stream_access");
        builder.HasKey(a => new { a.LivestreamId, a.UserId });
        builder.Property(a => a.GrantedAt).HasDefaultValueSql("now()");
        builder.HasOne<Livestream>().WithMany().HasForeignKey(a => a.LivestreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Invite>().WithMany().HasForeignKey(a => a.InviteId).OnDelete(DeleteBehavior.SetNull);
    }
}
