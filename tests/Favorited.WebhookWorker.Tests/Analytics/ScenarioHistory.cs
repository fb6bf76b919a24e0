using Favorited.Core.Data;
using Favorited.Testing.Analytics;

namespace Favorited.WebhookWorker.Tests.Analytics;

/// <summary>The scenario's other streams and its chat, written straight to Postgres.</summary>
internal static class ScenarioHistory
{
    /// <summary>
    /// E watched an earlier stream of H (returning). Not returning: A watched another creator's stream, D's earlier session of H
    /// was refused (an empty interval), B watched only a later stream of H. Chat: A posts 2 (H deletes one), D 1, H 1; B's
    /// message in the earlier stream is not the scenario's.
    /// </summary>
    public static async Task SeedAsync(WorkerGraph graph, Guid streamId)
    {
        var day = TimeSpan.FromDays(1);
        await using var db = graph.CreateDbContext();
        var earlier = Stream(AudienceScenario.Creator, AudienceScenario.T0 - day);
        var otherCreators = Stream("Z", AudienceScenario.T0 - 2 * day);
        var later = Stream(AudienceScenario.Creator, AudienceScenario.T0 + day);
        db.Livestreams.AddRange(earlier, otherCreators, later);
        db.Participants.AddRange(
            Session(earlier, "E", 10, 100),
            Session(earlier, "D", 10, 10),
            Session(otherCreators, "A", 10, 100),
            Session(later, "B", 10, 100));
        db.ChatMessages.AddRange(
            Message(streamId, "A", 15),
            Message(streamId, "A", 20, deletedBy: AudienceScenario.Creator),
            Message(streamId, "D", 70),
            Message(streamId, AudienceScenario.Creator, 80),
            Message(earlier.Id, "B", 20));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static Livestream Stream(string createdBy, DateTime startedAt) => new()
    {
        RoomName = $"history-{Guid.NewGuid():N}",
        Title = "History",
        CreatedBy = createdBy,
        Status = LivestreamStatus.Ended,
        StartedAt = startedAt,
        EndedAt = startedAt.AddHours(1),
    };

    private static Participant Session(Livestream stream, string userId, int connectedSecond, int disconnectedSecond) => new()
    {
        LivestreamId = stream.Id,
        UserId = userId,
        DisplayName = userId,
        Status = ParticipantStatus.Left,
        LivekitParticipantSid = $"PA_{Guid.NewGuid():N}",
        JoinedAt = stream.StartedAt!.Value,
        LeftAt = stream.StartedAt.Value.AddSeconds(disconnectedSecond),
        ConnectedAt = stream.StartedAt.Value.AddSeconds(connectedSecond),
        DisconnectedAt = stream.StartedAt.Value.AddSeconds(disconnectedSecond),
    };

    private static ChatMessage Message(Guid streamId, string userId, int second, string? deletedBy = null) => new()
    {
        LivestreamId = streamId,
        UserId = userId,
        DisplayName = userId,
        Text = "hello",
        CreatedAt = AudienceScenario.At(second),
        DeletedAt = deletedBy is null ? null : AudienceScenario.At(second + 5),
        DeletedBy = deletedBy,
    };
}
