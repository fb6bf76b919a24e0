using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace Favorited.Core.Data;

/// <summary>Why the host ended a session; a session that ended any other way has none.</summary>
public enum LeaveReason
{
    [PgName("REMOVED"), JsonStringEnumMemberName("REMOVED")] Removed,
    [PgName("BANNED"), JsonStringEnumMemberName("BANNED")] Banned,
}
