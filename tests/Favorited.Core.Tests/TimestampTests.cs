using Favorited.Core.Data;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Favorited.Core.Tests;

public sealed class TimestampTests(TestServers servers)
{
    [Fact]
    public async Task CreatedAndUpdatedAtComeFromTheClockAndUpdatedAtMovesOnEverySave()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await servers.CreateDatabaseAsync(ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var created = clock.GetUtcNow().UtcDateTime;

        await using var db = TestServers.CreateDbContext(connectionString, clock);
        var stream = new Livestream { RoomName = "clock", Title = "t", CreatedBy = "u" };
        db.Livestreams.Add(stream);
        await db.SaveChangesAsync(ct);

        clock.Advance(TimeSpan.FromMinutes(5));
        stream.Status = LivestreamStatus.Live;
        await db.SaveChangesAsync(ct);

        await using var fresh = TestServers.CreateDbContext(connectionString);
        var stored = await fresh.Livestreams.SingleAsync(l => l.Id == stream.Id, ct);
        Assert.Equal(created, stored.CreatedAt);
        Assert.Equal(created.AddMinutes(5), stored.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
    }

    [Fact]
    public async Task WebhookEventsExpireADayAfterProcessing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await servers.CreateDatabaseAsync(ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

        await using var db = TestServers.CreateDbContext(connectionString, clock);
        db.WebhookEvents.Add(new WebhookEvent { Id = "EV_abc", Event = "room_started" });
        await db.SaveChangesAsync(ct);

        await using var fresh = TestServers.CreateDbContext(connectionString);
        var stored = await fresh.WebhookEvents.SingleAsync(ct);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, stored.ProcessedAt);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddHours(24), stored.ExpiresAt);
    }
}
