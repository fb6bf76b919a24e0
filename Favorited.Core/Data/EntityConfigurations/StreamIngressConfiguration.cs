using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Favorited.Core.Data.EntityConfigurations;

internal sealed class StreamIngressConfiguration : IEntityTypeConfiguration<StreamIngress>
{
    public void Configure(EntityTypeBuilder<StreamIngress> builder)
    {
        builder.ToTable("stream_ingresses");
        builder.Property(i => i.IngressId).IsRequired().HasMaxLength(64);
        builder.Property(i => i.Type).IsRequired().HasMaxLength(8);
        builder.Property(i => i.Url).IsRequired();
        builder.Property(i => i.StreamKey).IsRequired();
        builder.Property(i => i.State).IsRequired().HasMaxLength(32);
        builder.HasIndex(i => i.IngressId).IsUnique();
        builder.HasIndex(i => i.LivestreamId)
            .HasDatabaseName(ConstraintNames.OneActiveIngress)
            .IsUnique()
            .HasFilter("ended_at IS NULL");
        builder.HasOne<Livestream>().WithMany().HasForeignKey(i => i.LivestreamId).OnDelete(DeleteBehavior.Cascade);
    }
}
