using Favorited.Core.Data;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Favorited.Core.Tests;

/// <summary>The rules the database itself enforces, whatever the application code does.</summary>
public sealed class SchemaConstraintTests(TestServers servers) : IAsyncLifetime
{
    private string _connectionString = "";

    public async ValueTask InitializeAsync() =>
        _connectionString = await servers.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task SecondJoinedRowForSameUserAndStreamIsRejected()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = await AddLivestreamAsync("room-a", LivestreamStatus.Live, ct);
        await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Joined, ct);

        var violation = await Assert.ThrowsAsync<PostgresException>(
            () => AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Joined, ct));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, violation.SqlState);
        Assert.Equal("ux_participants_one_joined_per_user", violation.ConstraintName);
    }

    [Fact]
    public async Task LeftRowsKeepHistoryAndDoNotBlockANewJoin()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = await AddLivestreamAsync("room-b", LivestreamStatus.Live, ct);
        await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Left, ct);
        await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Left, ct);
        await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Joined, ct);

        await using var db = TestServers.CreateDbContext(_connectionString);
        Assert.Equal(3, await db.Participants.CountAsync(p => p.UserId == "user-1", ct));
    }

    [Fact]
    public async Task SameUserMayBeJoinedToDifferentStreams()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await AddLivestreamAsync("room-c1", LivestreamStatus.Live, ct);
        var second = await AddLivestreamAsync("room-c2", LivestreamStatus.Live, ct);

        await AddParticipantAsync(first.Id, "user-1", ParticipantStatus.Joined, ct);
        await AddParticipantAsync(second.Id, "user-1", ParticipantStatus.Joined, ct);
    }

    [Fact]
    public async Task LeavingFreesTheActiveSlot()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = await AddLivestreamAsync("room-d", LivestreamStatus.Live, ct);
        var session = await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Joined, ct);

        await using (var db = TestServers.CreateDbContext(_connectionString))
        {
            await db.Participants.Where(p => p.Id == session.Id)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, ParticipantStatus.Left), ct);
        }

        await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Joined, ct);
    }

    [Theory]
    [InlineData(LivestreamStatus.Scheduled, LivestreamStatus.Live)]
    [InlineData(LivestreamStatus.Live, LivestreamStatus.Live)]
    [InlineData(LivestreamStatus.Live, LivestreamStatus.Scheduled)]
    public async Task RoomNameIsUniqueAmongActiveStreams(LivestreamStatus existing, LivestreamStatus added)
    {
        var ct = TestContext.Current.CancellationToken;
        var room = $"room-{existing}-{added}".ToLowerInvariant();
        await AddLivestreamAsync(room, existing, ct);

        var violation = await Assert.ThrowsAsync<PostgresException>(() => AddLivestreamAsync(room, added, ct));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, violation.SqlState);
        Assert.Equal("ux_livestreams_room_name_active", violation.ConstraintName);
    }

    [Fact]
    public async Task RoomNameIsFreeAgainOnceStreamsEndedOrFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        await AddLivestreamAsync("room-reuse", LivestreamStatus.Ended, ct);
        await AddLivestreamAsync("room-reuse", LivestreamStatus.Ended, ct);
        await AddLivestreamAsync("room-reuse", LivestreamStatus.Error, ct);

        await AddLivestreamAsync("room-reuse", LivestreamStatus.Live, ct);
    }

    [Fact]
    public async Task EndingAStreamFreesItsRoomName()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = await AddLivestreamAsync("room-end", LivestreamStatus.Live, ct);
        await using (var db = TestServers.CreateDbContext(_connectionString))
        {
            var tracked = await db.Livestreams.SingleAsync(l => l.Id == stream.Id, ct);
            tracked.Status = LivestreamStatus.Ended;
            await db.SaveChangesAsync(ct);
        }

        await AddLivestreamAsync("room-end", LivestreamStatus.Live, ct);
    }

    [Fact]
    public async Task LivekitParticipantSidIsUnique()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = await AddLivestreamAsync("room-sid", LivestreamStatus.Live, ct);
        await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Left, ct, sid: "PA_same");

        var violation = await Assert.ThrowsAsync<PostgresException>(
            () => AddParticipantAsync(stream.Id, "user-2", ParticipantStatus.Joined, ct, sid: "PA_same"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, violation.SqlState);
    }

    [Fact]
    public async Task StatusesAreStoredAsPostgresEnumsWithTheOriginalLabels()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = await AddLivestreamAsync("room-enum", LivestreamStatus.Live, ct);
        await AddParticipantAsync(stream.Id, "host-1", ParticipantStatus.Joined, ct, role: ParticipantRole.Host);

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT pg_typeof(l.status)::text, l.status::text, pg_typeof(p.role)::text, p.role::text, p.status::text " +
            "FROM livestreams l JOIN participants p ON p.livestream_id = l.id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal(["livestream_status", "LIVE", "participant_role", "HOST", "JOINED"],
            Enumerable.Range(0, 5).Select(reader.GetString));
    }

    [Fact]
    public async Task DatabaseDefaultsMatchTheOriginalSchema()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "INSERT INTO livestreams (id, room_name, title, created_by) VALUES (gen_random_uuid(), 'raw', 't', 'u') " +
            "RETURNING status::text, max_participants, empty_timeout, created_at IS NOT NULL, updated_at IS NOT NULL",
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal("SCHEDULED", reader.GetString(0));
        Assert.Equal(100, reader.GetInt32(1));
        Assert.Equal(86400, reader.GetInt32(2));
        Assert.True(reader.GetBoolean(3));
        Assert.True(reader.GetBoolean(4));
    }

    [Fact]
    public async Task DeletingALivestreamRowDeletesItsParticipants()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = await AddLivestreamAsync("room-cascade", LivestreamStatus.Ended, ct);
        await AddParticipantAsync(stream.Id, "user-1", ParticipantStatus.Left, ct);

        await using var db = TestServers.CreateDbContext(_connectionString);
        await db.Livestreams.Where(l => l.Id == stream.Id).ExecuteDeleteAsync(ct);

        Assert.False(await db.Participants.AnyAsync(p => p.LivestreamId == stream.Id, ct));
    }

    private async Task<Livestream> AddLivestreamAsync(string roomName, LivestreamStatus status, CancellationToken ct)
    {
        await using var db = TestServers.CreateDbContext(_connectionString);
        var stream = new Livestream { RoomName = roomName, Title = "Title", CreatedBy = "host-1", Status = status };
        db.Livestreams.Add(stream);
        await SaveUnwrappingAsync(db, ct);
        return stream;
    }

    private async Task<Participant> AddParticipantAsync(
        Guid livestreamId, string userId, ParticipantStatus status, CancellationToken ct,
        string? sid = null, ParticipantRole role = ParticipantRole.Viewer)
    {
        await using var db = TestServers.CreateDbContext(_connectionString);
        var participant = new Participant
        {
            LivestreamId = livestreamId,
            UserId = userId,
            DisplayName = userId,
            Status = status,
            Role = role,
            LivekitParticipantSid = sid,
        };
        db.Participants.Add(participant);
        await SaveUnwrappingAsync(db, ct);
        return participant;
    }

    // EF wraps database errors; the assertions are about what PostgreSQL itself said.
    private static async Task SaveUnwrappingAsync(FavoritedDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException postgres)
        {
            throw postgres;
        }
    }
}
