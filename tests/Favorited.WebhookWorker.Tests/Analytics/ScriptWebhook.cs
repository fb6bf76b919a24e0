using Favorited.Core.Webhooks;
using Favorited.Testing.Analytics;

namespace Favorited.WebhookWorker.Tests.Analytics;

/// <summary>A webhook of the scripted scenario; times are seconds after <see cref="AudienceScenario.T0"/>, by LiveKit's clock.</summary>
/// <param name="JoinedAt">The participant's joinedAtMs (in seconds); for a left, when that sid connected.</param>
/// <param name="JoinedAtExtraMs">Milliseconds past <paramref name="JoinedAt"/>: LiveKit's joinedAtMs is finer than createdAt.</param>
internal sealed record ScriptWebhook(string Id, string Event, int CreatedAt, string? Identity = null, string? Sid = null, int JoinedAt = 0,
    int JoinedAtExtraMs = 0)
{
    public static ScriptWebhook Join(string id, string identity, string sid, int at) => new(id, "participant_joined", at, identity, sid, at);

    public static ScriptWebhook Left(string id, string identity, string sid, int at, int joinedAt) =>
        new(id, "participant_left", at, identity, sid, joinedAt);

    public static ScriptWebhook RoomFinished(string id, int at) => new(id, "room_finished", at);

    public bool IsParticipantEvent => Identity is not null;

    /// <summary>
    /// As the worker receives it. The webhook's id and the participant's sid are made unique to the stream (as LiveKit's are), so
    /// several streams can play the script in one database.
    /// </summary>
    public ReceivedWebhook Received(CreatedStream stream)
    {
        var id = $"{Id}_{stream.RoomSid}";
        return new ReceivedWebhook(id, Event, stream.RoomName, Body(stream, id), "", DateTimeOffset.UtcNow);
    }

    private string Body(CreatedStream stream, string id)
    {
        var createdAt = new DateTimeOffset(AudienceScenario.At(CreatedAt)).ToUnixTimeSeconds();
        var room = $$"""{"sid":"{{stream.RoomSid}}","name":"{{stream.RoomName}}"}""";
        if (Identity is null)
        {
            return $$"""{"event":"{{Event}}","id":"{{id}}","createdAt":"{{createdAt}}","room":{{room}}}""";
        }
        var joinedAtMs = new DateTimeOffset(AudienceScenario.At(JoinedAt)).ToUnixTimeMilliseconds() + JoinedAtExtraMs;
        // The creator connects with a host's token: LiveKit reports its publish grant.
        var permission = Identity == AudienceScenario.Creator ? ""","permission":{"canSubscribe":true,"canPublish":true}""" : "";
        return $$"""
            {"event":"{{Event}}","id":"{{id}}","createdAt":"{{createdAt}}","room":{{room}},
             "participant":{"sid":"{{Sid}}_{{stream.RoomSid}}","identity":"{{Identity}}","name":"{{Identity}}","state":"ACTIVE",
                            "joinedAt":"{{joinedAtMs / 1000}}","joinedAtMs":"{{joinedAtMs}}"{{permission}}} }
            """;
    }
}
