using Favorited.Core.Data.EntityConfigurations;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Favorited.Core.Data;

/// <remarks>
/// Migrations live in Favorited.MigrationService. Add one with:
/// <c>dotnet ef migrations add &lt;Name&gt; --project Favorited.MigrationService --startup-project Favorited.MigrationService</c>
/// The accounts (ASP.NET Core Identity) and the key ring that protects their tokens, shared by every Api replica, live here too.
/// </remarks>
public sealed class FavoritedDbContext(DbContextOptions<FavoritedDbContext> options)
    : IdentityDbContext<FavoritedUser>(options), IDataProtectionKeyContext
{
    public DbSet<Livestream> Livestreams => Set<Livestream>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<Invite> Invites => Set<Invite>();
    public DbSet<StreamAccess> StreamAccess => Set<StreamAccess>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<ModerationAction> ModerationActions => Set<ModerationAction>();
    public DbSet<StreamBan> StreamBans => Set<StreamBan>();
    public DbSet<ParticipantRoleChange> ParticipantRoleChanges => Set<ParticipantRoleChange>();
    public DbSet<StreamAnalyticsSnapshot> StreamAnalytics => Set<StreamAnalyticsSnapshot>();
    public DbSet<StreamIngress> StreamIngresses => Set<StreamIngress>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Provider settings every user of the context needs — the service registration, the design-time
    /// factory and tests — so that the model (Postgres enums, snake_case names) is the same everywhere.
    /// </summary>
    public static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql)
    {
        npgsql.MapEnum<LivestreamStatus>("livestream_status");
        npgsql.MapEnum<ParticipantRole>("participant_role");
        npgsql.MapEnum<ParticipantStatus>("participant_status");
        npgsql.MapEnum<LivestreamVisibility>("livestream_visibility");
        npgsql.MapEnum<LeaveReason>("leave_reason");
        npgsql.MapEnum<ModerationActionKind>("moderation_action");
    }

    /// <summary>
    /// The relational conventions that go with <see cref="ConfigureNpgsql"/>, and the check that no command sends text
    /// PostgreSQL refuses (<see cref="StorableText"/>).
    /// </summary>
    public static DbContextOptionsBuilder ConfigureConventions(DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention().AddInterceptors(StorableTextGuard.Instance);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<FavoritedUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.DisplayName).HasMaxLength(FavoritedUser.MaxDisplayNameLength);
        });
        // Identity names its tables AspNet…; these follow the rest of the schema.
        modelBuilder.Entity<IdentityRole>().ToTable("roles");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        modelBuilder.ApplyConfiguration(new LivestreamConfiguration());
        modelBuilder.ApplyConfiguration(new ParticipantConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookEventConfiguration());
        modelBuilder.ApplyConfiguration(new InviteConfiguration());
        modelBuilder.ApplyConfiguration(new StreamAccessConfiguration());
        modelBuilder.ApplyConfiguration(new ChatMessageConfiguration());
        modelBuilder.ApplyConfiguration(new ModerationActionConfiguration());
        modelBuilder.ApplyConfiguration(new StreamBanConfiguration());
        modelBuilder.ApplyConfiguration(new ParticipantRoleChangeConfiguration());
        modelBuilder.ApplyConfiguration(new StreamAnalyticsSnapshotConfiguration());
        modelBuilder.ApplyConfiguration(new StreamIngressConfiguration());
    }
}
