using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Favorited.MigrationService.Tests;

public sealed class AudienceAnalyticsMigrationTests(TestServers servers)
{
    [Fact]
    public async Task SessionsFromBeforeGetTheirConnectTimeAndNoDisconnectTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = TestServers.CreateDbContext(await servers.CreateEmptyDatabaseAsync(ct));
        var migrations = db.Database.GetMigrations().ToList();
        var audienceAnalytics = migrations.Single(m => m.EndsWith("_AudienceAnalytics", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.IndexOf(audienceAnalytics) - 1], cancellationToken: ct);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO livestreams (id, room_name, title, created_by) VALUES ('0193a000-0000-7000-8000-000000000001', 'r', 't', 'h');
            INSERT INTO participants (id, livestream_id, user_id, display_name, livekit_participant_sid, joined_at, livekit_joined_at)
            VALUES ('0193a000-0000-7000-8000-000000000011', '0193a000-0000-7000-8000-000000000001', 'livekit', 'L', 'PA_1',
                    '2026-01-01T12:00:00Z', '2026-01-01T12:00:02.5Z'),
                   ('0193a000-0000-7000-8000-000000000012', '0193a000-0000-7000-8000-000000000001', 'joined', 'J', 'PA_2',
                    '2026-01-01T12:00:03Z', NULL),
                   ('0193a000-0000-7000-8000-000000000013', '0193a000-0000-7000-8000-000000000001', 'never', 'N', NULL,
                    '2026-01-01T12:00:04Z', NULL);
            """, ct);

        await migrator.MigrateAsync(cancellationToken: ct);

        var sessions = await db.Participants.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.UserId, p.ConnectedAt, p.DisconnectedAt })
            .ToListAsync(ct);
        var at = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(
            [("livekit", (DateTime?)at.AddSeconds(2.5), (DateTime?)null), ("joined", at.AddSeconds(3), null), ("never", null, null)],
            sessions.Select(s => (s.UserId, s.ConnectedAt, s.DisconnectedAt)));
    }
}
