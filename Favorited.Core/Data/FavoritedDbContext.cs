using Favorited.Core.Data.EntityConfigurations;
using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Favorited.Core.Data;

/// <remarks>
/// Migrations live in Favorited.MigrationService. Add one with:
/// <c>dotnet ef migrations add &lt;Name&gt; --project Favorited.MigrationService --startup-project Favorited.MigrationService</c>
/// </remarks>
public sealed class FavoritedDbContext(DbContextOptions<FavoritedDbContext> options) : DbContext(options)
{
    public DbSet<Livestream> Livestreams => Set<Livestream>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    /// <summary>
    /// Provider settings every user of the context needs — the service registration, the design-time
    /// factory and tests — so that the model (Postgres enums, snake_case names) is the same everywhere.
    /// </summary>
    public static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql)
    {
        npgsql.MapEnum<LivestreamStatus>("livestream_status");
        npgsql.MapEnum<ParticipantRole>("participant_role");
        npgsql.MapEnum<ParticipantStatus>("participant_status");
    }

    /// <summary>The relational conventions that go with <see cref="ConfigureNpgsql"/>.</summary>
    public static DbContextOptionsBuilder ConfigureConventions(DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new LivestreamConfiguration());
        modelBuilder.ApplyConfiguration(new ParticipantConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookEventConfiguration());
    }
}
