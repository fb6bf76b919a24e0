using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace Favorited.Core.Data;

public enum ParticipantStatus
{
    [PgName("JOINED"), JsonStringEnumMemberName("JOINED")] Joined,
    [PgName("LEFT"), JsonStringEnumMemberName("LEFT")] Left,
}
