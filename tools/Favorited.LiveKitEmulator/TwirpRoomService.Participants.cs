using System.Text;
using System.Text.Json;
using static Favorited.LiveKitEmulator.TwirpCall;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// UpdateParticipant and MutePublishedTrack, as LiveKit's RoomService and room manager handle them. No webhook reports a
/// changed name, metadata, attributes or permission: LiveKit has none for that.
/// </summary>
internal static partial class TwirpRoomService
{
    // LiveKit's limit defaults (limit.max_participant_name_length, max_metadata_size, max_attributes_size).
    private const int MaxParticipantNameBytes = 256;
    private const int MaxMetadataBytes = 512 * 1024;
    private const int MaxAttributesBytes = 64 * 1024;

    private static IResult UpdateParticipant(JsonElement body, JsonElement claims, RoomStore store, WebhookDispatcher webhooks)
    {
        var name = Field(body, "name");
        var metadata = Field(body, "metadata");
        var attributes = Find(body, "attributes") is { ValueKind: JsonValueKind.Object } map
            ? map.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString()! : "")
            : [];
        // The limits are checked before the grant, as LiveKit does.
        if (Encoding.UTF8.GetByteCount(name) > MaxParticipantNameBytes)
        {
            return InvalidArgument("name length exceeds limits", MaxParticipantNameBytes);
        }
        if (Encoding.UTF8.GetByteCount(metadata) > MaxMetadataBytes)
        {
            return InvalidArgument("metadata size exceeds limits", MaxMetadataBytes);
        }
        if (attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value)) > MaxAttributesBytes)
        {
            return InvalidArgument("attribute size exceeds limits", MaxAttributesBytes);
        }

        var roomName = Field(body, "room");
        if (!IsAdminOf(claims, roomName))
        {
            return PermissionDenied();
        }
        if (store.FindParticipant(roomName, Field(body, "identity")) is not ({ } room, { } participant))
        {
            return ParticipantNotFound();
        }

        // Empty name and metadata mean "unchanged"; attributes are merged, an empty value deletes the key.
        if (name.Length > 0)
        {
            participant.Name = name;
        }
        if (metadata.Length > 0)
        {
            participant.Metadata = metadata;
        }
        foreach (var (key, value) in attributes)
        {
            if (value.Length == 0)
            {
                participant.Attributes.Remove(key);
            }
            else
            {
                participant.Attributes[key] = value;
            }
        }
        // A permission given replaces the whole permission: what it leaves out becomes false.
        if (Find(body, "permission") is { ValueKind: JsonValueKind.Object } permission)
        {
            participant.Permission = ReadPermission(permission);
            ParticipantTracks.UnpublishForbidden(room, participant, webhooks);
        }
        participant.Changed();
        return Reply(participant.ToProto());
    }

    /// <remarks>
    /// LiveKit sends this to the participant's own RPC topic without first looking the participant up; when nobody
    /// holds that topic its RPC client gives up with <c>unavailable</c> "no response from servers" (after about three
    /// seconds of retries, which the emulator does not wait for). An unknown track sid is not an error:
    /// the reply's track is null.
    /// </remarks>
    private static IResult MutePublishedTrack(JsonElement body, JsonElement claims, RoomStore store, EmulatorOptions options)
    {
        var roomName = Field(body, "room");
        if (!IsAdminOf(claims, roomName))
        {
            return PermissionDenied();
        }
        if (store.FindParticipant(roomName, Field(body, "identity")) is not (_, { } participant))
        {
            return TwirpError(503, "unavailable", "no response from servers");
        }
        var muted = Find(body, "muted") is { ValueKind: JsonValueKind.True };
        if (!muted && !options.EnableRemoteUnmute)
        {
            return TwirpError(412, "failed_precondition", "remote unmute not enabled");
        }
        var track = participant.Tracks.Find(t => t.Sid == Field(body, "track_sid"));
        if (track is not null && track.Muted != muted)
        {
            track.Muted = muted;
            participant.Changed();
        }
        return Reply(new ProtoMessage().Message("track", track?.ToProto()));
    }

    // protojson: booleans absent are false; enums by name or by number.
    private static ParticipantPermission ReadPermission(JsonElement permission)
    {
        bool Flag(string protoName) => Find(permission, protoName) is { ValueKind: JsonValueKind.True };

        var sources = Find(permission, "can_publish_sources") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Select(SourceName).ToList()
            : [];
        return new ParticipantPermission
        {
            CanSubscribe = Flag("can_subscribe"),
            CanPublish = Flag("can_publish"),
            CanPublishData = Flag("can_publish_data"),
            CanPublishSources = sources,
            Hidden = Flag("hidden"),
            Recorder = Flag("recorder"),
            CanUpdateMetadata = Flag("can_update_metadata"),
            Agent = Flag("agent"),
            CanSubscribeMetrics = Flag("can_subscribe_metrics"),
            CanManageAgentSession = Flag("can_manage_agent_session"),
        };
    }

    private static string SourceName(JsonElement source) => source.ValueKind == JsonValueKind.Number
        && source.TryGetInt32(out var number) && number >= 0 && number < TrackEnums.Sources.Count
        ? TrackEnums.Sources[number]
        : TrackEnums.KnownSourceOrUnknown(source.ValueKind == JsonValueKind.String ? source.GetString()! : "");

    // twirp.InvalidArgumentError: the message is the argument and the limit, the argument is also in meta.
    private static IResult InvalidArgument(string argument, int limit) =>
        TwirpError(400, "invalid_argument", $"{argument} {limit}", new() { ["argument"] = argument });
}
