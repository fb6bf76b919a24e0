using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Favorited.Core.Data.EntityConfigurations;

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> builder)
    {
        builder.ToTable("participants");

        builder.Property(p => p.UserId).IsRequired();
        builder.Property(p => p.DisplayName).IsRequired();
        builder.Property(p => p.Role).HasDefaultValue(ParticipantRole.Viewer);
        builder.Property(p => p.Status).HasDefaultValue(ParticipantStatus.Joined);
        builder.Property(p => p.Metadata).HasColumnType("jsonb");
        builder.Property(p => p.JoinedAt).HasDefaultValueSql("now()");

        builder.HasOne(p => p.Livestream)
            .WithMany(l => l.Participants)
            .HasForeignKey(p => p.LivestreamId)
            .OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(p => new { p.LivestreamId, p.Status });
        builder.HasIndex(p => p.UserId);
        builder.HasIndex(p => p.LivekitParticipantSid).IsUnique();
        builder.HasIndex(p => new { p.LivestreamId, p.UserId })
            .HasDatabaseName(ConstraintNames.OneJoinedSessionPerUser)
            .IsUnique()
            .HasFilter(ConstraintNames.OneJoinedSessionPredicate);
    }
}
