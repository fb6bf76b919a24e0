using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace Favorited.Core.Data;

// Public comes first so that it is the CLR default, equal to the column's database default.
public enum LivestreamVisibility
{
    /// <summary>Listed, and anyone may watch.</summary>
    [PgName("PUBLIC"), JsonStringEnumMemberName("PUBLIC")] Public,

    /// <summary>Listed only to its creator; watching needs an invite.</summary>
    [PgName("PRIVATE"), JsonStringEnumMemberName("PRIVATE")] Private,
}
