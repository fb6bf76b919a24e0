using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Favorited.Core.Data.EntityConfigurations;

internal sealed class LivestreamConfiguration : IEntityTypeConfiguration<Livestream>
{
    public void Configure(EntityTypeBuilder<Livestream> builder)
    {
        builder.ToTable("livestreams");

        builder.Property(l => l.RoomName).IsRequired();
        builder.Ignore(l => l.LivekitRoom);
        builder.Property(l => l.Title).IsRequired();
        builder.Property(l => l.CreatedBy).IsRequired();
        builder.Property(l => l.Status).HasDefaultValue(LivestreamStatus.Scheduled);
        builder.Property(l => l.Visibility).HasDefaultValue(LivestreamVisibility.Public);
        builder.Property(l => l.MaxParticipants).HasDefaultValue(Livestream.DefaultMaxParticipants);
        builder.Property(l => l.EmptyTimeout).HasDefaultValue(Livestream.DefaultEmptyTimeoutSeconds);
        builder.Property(l => l.Metadata).HasColumnType("jsonb");
        builder.Property(l => l.ChatEnabled).HasDefaultValue(true).HasSentinel(true);
        builder.Property(l => l.GuestsMayChat).HasDefaultValue(true).HasSentinel(true);
        builder.Property(l => l.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(l => l.UpdatedAt).HasDefaultValueSql("now()");

        builder.HasIndex(l => l.RoomName)
            .HasDatabaseName(ConstraintNames.ActiveRoomName)
            .IsUnique()
            .HasFilter(ConstraintNames.ActiveRoomNamePredicate);
        builder.HasIndex(l => new { l.Status, l.CreatedAt });
        builder.HasIndex(l => l.CreatedBy);
        builder.HasIndex(l => l.LivekitRoomSid);
        builder.HasIndex(l => l.CreatedAt);
    }
}
