using NpgsqlTypes;

namespace Favorited.Core.Data;

public enum ParticipantStatus
{
    [PgName("JOINED")] Joined,
    [PgName("LEFT")] Left,
}
