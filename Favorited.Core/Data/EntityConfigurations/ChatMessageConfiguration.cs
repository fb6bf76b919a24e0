using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Favorited.Core.Data.EntityConfigurations;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("chat_messages");
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.UserId).IsRequired();
        builder.Property(m => m.DisplayName).IsRequired();
        builder.Property(m => m.Text).IsRequired();
        builder.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
        // History pages walk a stream's messages by id.
        builder.HasIndex(m => new { m.LivestreamId, m.Id });
        builder.HasOne<Livestream>().WithMany().HasForeignKey(m => m.LivestreamId).OnDelete(DeleteBehavior.Cascade);
    }
}
