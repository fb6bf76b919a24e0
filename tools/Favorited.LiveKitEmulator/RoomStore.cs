using System.Security.Cryptography;

namespace Favorited.LiveKitEmulator;

/// <summary>The rooms and participants the emulated server holds, with LiveKit's defaults and sids.</summary>
public sealed class RoomStore(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public Lock Sync => _lock;

    public Room? Find(string name) => _rooms.GetValueOrDefault(name);

    /// <summary>The room and its participant with that identity; null when either is not there.</summary>
    public (Room Room, Participant Participant)? FindParticipant(string room, string identity) =>
        Find(room) is { } found && found.Participants.GetValueOrDefault(identity) is { } participant ? (found, participant) : null;

    public IReadOnlyList<Room> All() => [.. _rooms.Values.OrderBy(r => r.CreationTimeMs)];

    /// <summary>Creates the room; 0 means the server default, as in LiveKit (300 s empty, 20 s departure).</summary>
    public Room Create(string name, uint emptyTimeout, uint departureTimeout, uint maxParticipants, string metadata)
    {
        var room = new Room
        {
            Sid = NewSid("RM_"),
            Name = name,
            EmptyTimeout = emptyTimeout == 0 ? 300 : emptyTimeout,
            DepartureTimeout = departureTimeout == 0 ? 20 : departureTimeout,
            MaxParticipants = maxParticipants,
            Metadata = metadata,
            CreationTimeMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        _rooms[name] = room;
        return room;
    }

    public bool Remove(string name) => _rooms.Remove(name);

    /// <summary>A participant as a join token that grants or denies publishing (and nothing else) makes it.</summary>
    public Participant NewParticipant(string identity, string name, string metadata, bool canPublish) =>
        NewParticipant(identity, name, metadata,
            new ParticipantPermission { CanSubscribe = true, CanPublish = canPublish, CanPublishData = canPublish },
            new Dictionary<string, string>());

    public Participant NewParticipant(string identity, string name, string metadata, ParticipantPermission permission,
        IReadOnlyDictionary<string, string> attributes, string kind = "STANDARD")
    {
        var participant = new Participant
        {
            Kind = kind,
            Sid = NewSid("PA_"),
            Identity = identity,
            Name = name,
            Metadata = metadata,
            Permission = permission,
            JoinedAtMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        foreach (var (key, value) in attributes)
        {
            participant.Attributes[key] = value;
        }
        return participant;
    }

    // LiveKit's ids: a prefix and 12 characters of base62.
    public static string NewSid(string prefix) =>
        prefix + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 12);
}

public sealed class Room
{
    public required string Sid { get; init; }
    public required string Name { get; init; }
    public uint EmptyTimeout { get; init; }
    public uint DepartureTimeout { get; init; }
    public uint MaxParticipants { get; init; }
    public string Metadata { get; set; } = "";
    public long CreationTimeMs { get; init; }
    public Dictionary<string, Participant> Participants { get; } = new(StringComparer.Ordinal);

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("sid", Sid)
        .String("name", Name)
        .UInt("empty_timeout", EmptyTimeout)
        .UInt("departure_timeout", DepartureTimeout)
        .UInt("max_participants", MaxParticipants)
        .Int64("creation_time", CreationTimeMs / 1000)
        .Int64("creation_time_ms", CreationTimeMs)
        .String("turn_password", "")
        .EmptyList("enabled_codecs")
        .String("metadata", Metadata)
        // Hidden participants (an egress's recorder) are not counted, as LiveKit does not count them.
        .UInt("num_participants", (uint)Participants.Values.Count(p => !p.Permission.Hidden))
        .UInt("num_publishers", (uint)Participants.Values.Count(p => p.Permission.CanPublish))
        .Bool("active_recording", Participants.Values.Any(p => p.Permission.Recorder))
        .Message("version", null);

    /// <summary>What LiveKit puts in a track webhook unless <c>room.enable_full_room_in_webhooks</c> is set.</summary>
    public ProtoMessage ToMinimalProto() => new ProtoMessage().String("sid", Sid).String("name", Name);
}

public sealed class Participant
{
    public required string Sid { get; init; }
    public required string Identity { get; init; }
    public string Name { get; set; } = "";
    public string Metadata { get; set; } = "";
    public required ParticipantPermission Permission { get; set; }
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
    public List<PublishedTrack> Tracks { get; } = [];
    public long JoinedAtMs { get; init; }
    public string State { get; set; } = "ACTIVE";

    /// <summary>LiveKit's <c>ParticipantInfo.Kind</c>: <c>STANDARD</c>, or <c>INGRESS</c> for an ingress publishing into the room.</summary>
    public string Kind { get; init; } = "STANDARD";

    /// <summary>Why it left (LiveKit's <c>DisconnectReason</c>), said in its participant_left.</summary>
    public string DisconnectReason { get; set; } = "UNKNOWN_REASON";

    /// <summary>LiveKit counts every change a participant's info goes through.</summary>
    public uint Version { get; private set; } = 1;

    /// <summary>Set once the participant has published: LiveKit's publisher connection is then up.</summary>
    public bool HasPublished { get; set; }

    public void Changed() => Version++;

    /// <summary>
    /// Run when the server disconnects the participant (removed, room deleted, identity taken over) rather than the
    /// client leaving: an ingress's session fails then.
    /// </summary>
    public Action? OnRemovedByServer { get; set; }

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("sid", Sid)
        .String("identity", Identity)
        .Enum("state", State, zeroValue: "JOINING")
        .Messages("tracks", [.. Tracks.Select(t => t.ToProto())])
        .String("metadata", Metadata)
        .Int64("joined_at", JoinedAtMs / 1000)
        .Int64("joined_at_ms", JoinedAtMs)
        .String("name", Name)
        .UInt("version", Version)
        .Message("permission", Permission.ToProto())
        .String("region", "")
        .Bool("is_publisher", HasPublished && Permission.CanPublish)
        .Enum("kind", Kind, zeroValue: "STANDARD")
        .Map("attributes", Attributes)
        .Enum("disconnect_reason", DisconnectReason, zeroValue: "UNKNOWN_REASON");

    /// <summary>What LiveKit puts in a track webhook: the participant's sid and identity only.</summary>
    public ProtoMessage ToMinimalProto() => new ProtoMessage().String("sid", Sid).String("identity", Identity);
}
