using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Favorited.Core.Data.EntityConfigurations;

internal sealed class ParticipantRoleChangeConfiguration : IEntityTypeConfiguration<ParticipantRoleChange>
{
    public void Configure(EntityTypeBuilder<ParticipantRoleChange> builder)
    {
        builder.ToTable("participant_role_changes");
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.UserId).IsRequired();
        builder.HasIndex(c => c.LivestreamId);
        builder.HasOne<Livestream>().WithMany().HasForeignKey(c => c.LivestreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participant>().WithMany().HasForeignKey(c => c.ParticipantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StreamAnalyticsSnapshotConfiguration : IEntityTypeConfiguration<StreamAnalyticsSnapshot>
{
    public void Configure(EntityTypeBuilder<StreamAnalyticsSnapshot> builder)
    {
        builder.ToTable("stream_analytics");
        builder.HasKey(s => s.LivestreamId);
        builder.Property(s => s.Summary).HasColumnType("jsonb").IsRequired();
        builder.Property(s => s.PerMinute).IsRequired();
        builder.HasOne<Livestream>().WithOne().HasForeignKey<StreamAnalyticsSnapshot>(s => s.LivestreamId).OnDelete(DeleteBehavior.Cascade);
    }
}
