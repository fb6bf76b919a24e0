using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace Favorited.Core.Data;

public enum LivestreamStatus
{
    [PgName("SCHEDULED"), JsonStringEnumMemberName("SCHEDULED")] Scheduled,
    [PgName("LIVE"), JsonStringEnumMemberName("LIVE")] Live,
    [PgName("ENDED"), JsonStringEnumMemberName("ENDED")] Ended,
    [PgName("ERROR"), JsonStringEnumMemberName("ERROR")] Error,
}
