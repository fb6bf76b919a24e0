using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace Favorited.Core.Data;

/// <summary>Something the host of a livestream did to one of its participants.</summary>
public sealed class ModerationAction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LivestreamId { get; set; }
    public ModerationActionKind Action { get; set; }

    /// <summary>Who did it: the stream's creator.</summary>
    public required string ActorId { get; set; }

    /// <summary>Whom it was done to.</summary>
    public required string TargetId { get; set; }

    public string? Reason { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ModerationActionKind
{
    [PgName("REMOVE"), JsonStringEnumMemberName("REMOVE")] Remove,
    [PgName("BAN"), JsonStringEnumMemberName("BAN")] Ban,
    [PgName("UNBAN"), JsonStringEnumMemberName("UNBAN")] Unban,
    [PgName("MUTE"), JsonStringEnumMemberName("MUTE")] Mute,
    [PgName("STAGE_INVITE"), JsonStringEnumMemberName("STAGE_INVITE")] StageInvite,
    [PgName("STAGE_REMOVE"), JsonStringEnumMemberName("STAGE_REMOVE")] StageRemove,
}
