using System.Net;
using System.Text;
using Favorited.LiveKitEmulator;

namespace Favorited.Benchmarks.Load;

/// <summary>A LiveKit room as webhooks name it: Favorited finds the stream by the room's sid.</summary>
public sealed record RoomRef(Guid StreamId, string Name, string Sid);

/// <summary>
/// LiveKit participant webhooks as LiveKit's server sends them: protobuf JSON with every field Favorited does not
/// read too (so the body has LiveKit's size), <c>application/webhook+json</c>, and the raw JWT signed by the emulator's
/// signer with the API secret, carrying the body's SHA-256.
/// </summary>
public sealed class Webhooks(IPEndPoint api, string apiKey, string apiSecret)
{
    public const string Path = "/api/v1/webhooks/livekit";

    public byte[] ParticipantEvent(string eventName, string id, RoomRef room, string identity, string participantSid)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var state = eventName == "participant_left" ? "DISCONNECTED" : "ACTIVE";
        var body = Encoding.UTF8.GetBytes($$"""
            {"event":"{{eventName}}","room":{"sid":"{{room.Sid}}","name":"{{room.Name}}","emptyTimeout":300,"departureTimeout":20,"maxParticipants":10000,"creationTime":"{{now}}","creationTimeMs":"{{now * 1000}}","turnPassword":"","enabledCodecs":[{"mime":"video/H264"},{"mime":"video/VP8"},{"mime":"audio/opus"}],"numParticipants":1},"participant":{"sid":"{{participantSid}}","identity":"{{identity}}","state":"{{state}}","joinedAt":"{{now}}","joinedAtMs":"{{now * 1000}}","name":"{{identity}} (benchmark)","version":2,"permission":{"canSubscribe":true,"canPublishData":true},"kind":"STANDARD"},"id":"{{id}}","createdAt":"{{now}}"}
            """);
        return HttpRequests.Post(api, Path, "application/webhook+json", body,
            EmulatorJwt.SignWebhook(body, apiKey, apiSecret, DateTimeOffset.UtcNow));
    }
}
