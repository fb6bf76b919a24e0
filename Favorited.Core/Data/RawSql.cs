using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Favorited.Core.Data;

/// <summary>
/// Statements EF Core cannot express, or not in one round trip (row locks taken with a read, <c>unnest</c> writers, the join
/// statement), run as Npgsql commands on the context's own connection and in its current transaction, with positional
/// parameters (<c>$1</c>, <c>$2</c> …). Every such statement lives in <c>Favorited.Core</c> and goes through here.
/// </summary>
public static class RawSql
{
    /// <param name="parameters">Values, or <see cref="NpgsqlParameter"/>s where the type must be given; null is sent as NULL.</param>
    public static NpgsqlCommand Command(this DatabaseFacade database, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)database.GetDbConnection(),
            (NpgsqlTransaction?)database.CurrentTransaction?.GetDbTransaction());
        foreach (var value in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        StorableText.Ensure(command.Parameters);
        return command;
    }
}
