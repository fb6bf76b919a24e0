using System.Security.Cryptography;

namespace Favorited.LiveKitEmulator;

/// <summary>The rooms and participants the emulated server holds, with LiveKit's defaults and sids.</summary>
public sealed class RoomStore(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public Lock Sync => _lock;

    public Room? Find(string name) => _rooms.GetValueOrDefault(name);

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

    public Participant NewParticipant(string identity, string name, string metadata, bool canPublish) => new()
    {
        Sid = NewSid("PA_"),
        Identity = identity,
        Name = name,
        Metadata = metadata,
        CanPublish = canPublish,
        JoinedAtMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
    };

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
        .UInt("num_participants", (uint)Participants.Count)
        .UInt("num_publishers", (uint)Participants.Values.Count(p => p.CanPublish))
        .Bool("active_recording", false)
        .Message("version", null);
}

public sealed class Participant
{
    public required string Sid { get; init; }
    public required string Identity { get; init; }
    public string Name { get; init; } = "";
    public string Metadata { get; init; } = "";
    public bool CanPublish { get; init; }
    public long JoinedAtMs { get; init; }
    public string State { get; set; } = "ACTIVE";

    public ProtoMessage ToProto() => new ProtoMessage()
        .String("sid", Sid)
        .String("identity", Identity)
        .Enum("state", State, zeroValue: "JOINING")
        .EmptyList("tracks")
        .String("metadata", Metadata)
        .Int64("joined_at", JoinedAtMs / 1000)
        .Int64("joined_at_ms", JoinedAtMs)
        .String("name", Name)
        .UInt("version", 1)
        .Message("permission", new ProtoMessage()
            .Bool("can_subscribe", true)
            .Bool("can_publish", CanPublish)
            .Bool("can_publish_data", CanPublish)
            .EmptyList("can_publish_sources")
            .Bool("hidden", false)
            .Bool("can_update_metadata", false))
        .String("region", "")
        .Bool("is_publisher", false)
        .Enum("kind", "STANDARD", zeroValue: "STANDARD")
        .Map("attributes", new Dictionary<string, string>())
        .Enum("disconnect_reason", "UNKNOWN_REASON", zeroValue: "UNKNOWN_REASON");
}
