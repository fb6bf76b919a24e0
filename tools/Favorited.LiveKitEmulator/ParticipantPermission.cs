using System.Text.Json;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// LiveKit's <c>ParticipantPermission</c>. Sources are the protobuf enum names (<c>CAMERA</c>, …); an empty list
/// allows every source, as LiveKit reads it.
/// </summary>
public sealed record ParticipantPermission
{
    public bool CanSubscribe { get; init; }
    public bool CanPublish { get; init; }
    public bool CanPublishData { get; init; }
    public IReadOnlyList<string> CanPublishSources { get; init; } = [];
    public bool Hidden { get; init; }
    public bool Recorder { get; init; }
    public bool CanUpdateMetadata { get; init; }
    public bool Agent { get; init; }
    public bool CanSubscribeMetrics { get; init; }
    public bool CanManageAgentSession { get; init; }

    public bool AllowsSource(string source) =>
        CanPublish && (CanPublishSources.Count == 0 || CanPublishSources.Contains(source));

    /// <summary>
    /// The permission a join token's <c>video</c> grant gives, with LiveKit's defaults for absent claims:
    /// publish and subscribe allowed, publishing data as publishing, updating one's own metadata not allowed.
    /// The grant spells sources in lower case (<c>camera</c>).
    /// </summary>
    public static ParticipantPermission FromGrant(JsonElement video)
    {
        bool? Flag(string name) => video.ValueKind == JsonValueKind.Object && video.TryGetProperty(name, out var value)
            && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

        var canPublish = Flag("canPublish") ?? true;
        var sources = video.ValueKind == JsonValueKind.Object && video.TryGetProperty("canPublishSources", out var list)
            && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => (s.GetString() ?? "").ToUpperInvariant()).Select(TrackEnums.KnownSourceOrUnknown).ToList()
            : [];
        return new ParticipantPermission
        {
            CanSubscribe = Flag("canSubscribe") ?? true,
            CanPublish = canPublish,
            CanPublishData = Flag("canPublishData") ?? canPublish,
            CanPublishSources = sources,
            Hidden = Flag("hidden") ?? false,
            Recorder = Flag("recorder") ?? false,
            CanUpdateMetadata = Flag("canUpdateOwnMetadata") ?? false,
            Agent = Flag("agent") ?? false,
            CanSubscribeMetrics = Flag("canSubscribeMetrics") ?? false,
            CanManageAgentSession = Flag("canManageAgentSession") ?? false,
        };
    }

    public ProtoMessage ToProto() => new ProtoMessage()
        .Bool("can_subscribe", CanSubscribe)
        .Bool("can_publish", CanPublish)
        .Bool("can_publish_data", CanPublishData)
        .Enums("can_publish_sources", CanPublishSources)
        .Bool("hidden", Hidden)
        .Bool("recorder", Recorder)
        .Bool("can_update_metadata", CanUpdateMetadata)
        .Bool("agent", Agent)
        .Bool("can_subscribe_metrics", CanSubscribeMetrics)
        .Bool("can_manage_agent_session", CanManageAgentSession);
}
