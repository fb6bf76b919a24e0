using Favorited.Core.Data;
using Favorited.Core.Livestreams;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;

namespace Favorited.Core.Tests.Livestreams;

/// <summary>The one rule for ending a stream, which the Api's DELETE, room_finished and reconciliation all apply.</summary>
public sealed class LivestreamRulesTests(TestServers servers) : IAsyncLifetime
{
    private static readonly DateTime EarlierEnd = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);
    private string _connectionString = "";

    public async ValueTask InitializeAsync() =>
        _connectionString = await servers.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(LivestreamStatus.Scheduled, LivestreamStatus.Ended)]
    [InlineData(LivestreamStatus.Live, LivestreamStatus.Ended)]
    [InlineData(LivestreamStatus.Ended, LivestreamStatus.Ended)]
    [InlineData(LivestreamStatus.Error, LivestreamStatus.Error)]
    public async Task EndingEndsAnActiveStreamKeepsAFinishedOneAndEverySessionLeaves(LivestreamStatus before, LivestreamStatus after)
    {
        var ct = TestContext.Current.CancellationToken;
        var streamId = await AddStreamWithSessionsAsync(before, ct);

        await using (var db = TestServers.CreateDbContext(_connectionString))
        {
            var stream = await db.Livestreams.SingleAsync(l => l.Id == streamId, ct);
            await LivestreamRules.EndAsync(db, stream, Now, ct);
            await db.SaveChangesAsync(ct);
        }

        await using var check = TestServers.CreateDbContext(_connectionString);
        var ended = await check.Livestreams.AsNoTracking().SingleAsync(l => l.Id == streamId, ct);
        Assert.Equal(after, ended.Status);
        Assert.Equal(before switch
        {
            LivestreamStatus.Ended => EarlierEnd,
            LivestreamStatus.Error => null,
            _ => Now,
        }, ended.EndedAt);
        var sessions = await check.Participants.AsNoTracking().Where(p => p.LivestreamId == streamId).ToListAsync(ct);
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, session => Assert.Equal(ParticipantStatus.Left, session.Status));
        Assert.Equal(Now, sessions.Single(s => s.UserId == "still-joined").LeftAt);
        Assert.Equal(EarlierEnd, sessions.Single(s => s.UserId == "left-before").LeftAt);
    }

    [Fact]
    public void OnlyScheduledAndLiveStreamsAreActive()
    {
        Assert.Equal([LivestreamStatus.Scheduled, LivestreamStatus.Live], Enum.GetValues<LivestreamStatus>().Where(s => s.IsActive()));
        Assert.Equal(["SCHEDULED", "LIVE"], LivestreamRules.ActiveLabels);
    }

    private async Task<Guid> AddStreamWithSessionsAsync(LivestreamStatus status, CancellationToken ct)
    {
        await using var db = TestServers.CreateDbContext(_connectionString);
        var stream = new Livestream
        {
            RoomName = $"room-{status}",
            Title = "Title",
            CreatedBy = "host-1",
            Status = status,
            EndedAt = status == LivestreamStatus.Ended ? EarlierEnd : null,
        };
        db.Livestreams.Add(stream);
        db.Participants.Add(Session(stream, "still-joined", ParticipantStatus.Joined, leftAt: null));
        db.Participants.Add(Session(stream, "left-before", ParticipantStatus.Left, EarlierEnd));
        await db.SaveChangesAsync(ct);
        return stream.Id;
    }

    private static Participant Session(Livestream stream, string userId, ParticipantStatus status, DateTime? leftAt) => new()
    {
        LivestreamId = stream.Id,
        UserId = userId,
        DisplayName = userId,
        Status = status,
        JoinedAt = EarlierEnd.AddHours(-1),
        LeftAt = leftAt,
    };
}
