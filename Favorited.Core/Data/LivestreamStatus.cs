using NpgsqlTypes;

namespace Favorited.Core.Data;

public enum LivestreamStatus
{
    [PgName("SCHEDULED")] Scheduled,
    [PgName("LIVE")] Live,
    [PgName("ENDED")] Ended,
    [PgName("ERROR")] Error,
}
