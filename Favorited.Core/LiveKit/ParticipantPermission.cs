using System.Text.Json.Serialization;
using Favorited.Core.Data;

namespace Favorited.Core.LiveKit;

/// <summary>
/// LiveKit's <c>ParticipantPermission</c>. Sent in UpdateParticipant it replaces the whole permission: every field
/// left false is revoked, so change one by copying the current permission with <c>with</c>.
/// </summary>
public sealed record ParticipantPermission
{
    public bool CanSubscribe { get; init; }
    public bool CanPublish { get; init; }
    public bool CanPublishData { get; init; }

    /// <summary>The track sources that may be published (<c>CAMERA</c>, <c>MICROPHONE</c>, <c>SCREEN_SHARE</c>, …); empty allows all.</summary>
    [JsonConverter(typeof(ProtoEnumListConverter))]
    public IReadOnlyList<string> CanPublishSources { get; init; } = [];

    public bool Hidden { get; init; }
    public bool Recorder { get; init; }
    public bool CanUpdateMetadata { get; init; }
    public bool Agent { get; init; }
    public bool CanSubscribeMetrics { get; init; }
    public bool CanManageAgentSession { get; init; }

    /// <summary>
    /// What a participant of the role may do: what its join token grants (<see cref="AccessTokenIssuer.CreateJoinToken"/>),
    /// and what the stage sets when the role changes.
    /// </summary>
    public static ParticipantPermission ForRole(ParticipantRole role) => new()
    {
        CanSubscribe = true,
        CanPublish = role == ParticipantRole.Host,
        CanPublishData = role == ParticipantRole.Host,
    };
}
