using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Favorited.Api.Tests.Analytics;

/// <summary>
/// The rows the §5 scenario leaves behind (docs/design/analytics.md), written straight to the database with real users as
/// its people: the worker's tests prove the webhooks leave exactly these; here they are the Api's input.
/// </summary>
public sealed class ScenarioRows(IServiceProvider services, string creatorId)
{
    /// <summary>The scenario's viewers, by their letter: account-like ids unique to this test.</summary>
    public IReadOnlyDictionary<string, string> Users { get; } =
        "ABCDEFG".ToDictionary(letter => letter.ToString(), letter => $"{letter}-{Guid.NewGuid():N}");

    public string Id(string letter) => letter == "H" ? creatorId : Users[letter];

    /// <summary>
    /// A stream of the creator with the scenario's sessions; <paramref name="end"/> null leaves it LIVE, with H and D still
    /// connected (sessions that end after the clock are clipped by the reader).
    /// </summary>
    public async Task<Guid> CreateStreamAsync(DateTime t0, int? end, string title = "Scenario")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        var stream = NewStream(title, t0, end is { } e ? t0.AddSeconds(e) : null);
        db.Livestreams.Add(stream);
        DateTime At(int seconds) => t0.AddSeconds(seconds);
        Participant Session(string letter, int from, int? to, ParticipantRole role = ParticipantRole.Viewer)
        {
            var session = new Participant
            {
                LivestreamId = stream.Id, UserId = Id(letter), DisplayName = letter == "A" ? "=HYPERLINK(\"x\")" : $"Person {letter}",
                Role = role, Status = to is null ? ParticipantStatus.Joined : ParticipantStatus.Left,
                LivekitParticipantSid = $"PA_{Guid.NewGuid():N}", JoinedAt = At(from), LeftAt = to is { } t ? At(t) : null,
                ConnectedAt = At(from), DisconnectedAt = to is { } d ? At(d) : null,
            };
            db.Participants.Add(session);
            return session;
        }
        Session("H", 0, end, ParticipantRole.Host);
        Session("A", 10, 130);
        Session("B", 20, 200);
        Session("B", 230, 400);
        Session("C", 30, 100);
        Session("D", 50, end);
        var stageSession = Session("E", 60, 360);
        Session("F", 300, 500);
        Session("F", 300, 420);
        Session("G", 400, 450);
        Session("G", 460, 460); // banned at connect: an empty interval
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await ExecuteAsync(db, """
            INSERT INTO participant_role_changes (livestream_id, participant_id, user_id, at, from_role, to_role)
            VALUES ($1, $2, $3, $4, 'VIEWER', 'HOST'), ($1, $2, $3, $5, 'HOST', 'VIEWER')
            """, stream.Id, stageSession.Id, stageSession.UserId, At(120), At(180));
        await ExecuteAsync(db, """
            INSERT INTO chat_messages (livestream_id, user_id, display_name, text, created_at, deleted_at, deleted_by)
            VALUES ($1, $2, 'A', 'one', $5, NULL, NULL), ($1, $2, 'A', 'two', $5, $5, $4),
                   ($1, $3, 'D', 'three', $5, NULL, NULL), ($1, $4, 'H', 'four', $5, NULL, NULL)
            """, stream.Id, Id("A"), Id("D"), creatorId, At(100));
        return stream.Id;
    }

    /// <summary>E watched an earlier stream of this creator (so E is returning); A one of someone else's (A stays new).</summary>
    public async Task AddHistoryAsync(DateTime t0)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        var earlier = NewStream("Earlier", t0.AddDays(-1), t0.AddDays(-1).AddHours(1));
        var elsewhere = NewStream("Someone else's", t0.AddDays(-1), t0.AddDays(-1).AddHours(1));
        elsewhere.CreatedBy = $"other-{Guid.NewGuid():N}";
        db.Livestreams.AddRange(earlier, elsewhere);
        db.Participants.AddRange(PastSession(earlier, Id("E")), PastSession(elsewhere, Id("A")));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private Livestream NewStream(string title, DateTime startedAt, DateTime? endedAt) => new()
    {
        RoomName = $"room-{Guid.NewGuid():N}", Title = title, CreatedBy = creatorId,
        Status = endedAt is null ? LivestreamStatus.Live : LivestreamStatus.Ended, StartedAt = startedAt, EndedAt = endedAt,
    };

    private static Participant PastSession(Livestream stream, string userId) => new()
    {
        LivestreamId = stream.Id, UserId = userId, DisplayName = "Before", Status = ParticipantStatus.Left,
        LivekitParticipantSid = $"PA_{Guid.NewGuid():N}", JoinedAt = stream.StartedAt!.Value, LeftAt = stream.StartedAt.Value.AddMinutes(5),
        ConnectedAt = stream.StartedAt.Value, DisconnectedAt = stream.StartedAt.Value.AddMinutes(5),
    };

    public static async Task ExecuteAsync(FavoritedDbContext db, string sql, params object[] parameters)
    {
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
