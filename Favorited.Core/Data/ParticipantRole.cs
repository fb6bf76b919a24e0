using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace Favorited.Core.Data;

// Viewer comes first so that it is the CLR default, equal to the column's database default:
// EF Core leaves a property at its CLR default out of the INSERT and lets the database default apply.
public enum ParticipantRole
{
    [PgName("VIEWER"), JsonStringEnumMemberName("VIEWER")] Viewer,
    [PgName("HOST"), JsonStringEnumMemberName("HOST")] Host,
}
