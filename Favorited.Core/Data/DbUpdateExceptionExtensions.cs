using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Favorited.Core.Data;

public static class DbUpdateExceptionExtensions
{
    /// <summary>Whether PostgreSQL refused the change because of the named unique index.</summary>
    public static bool IsUniqueViolationOf(this DbUpdateException exception, string constraint) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && postgres.ConstraintName == constraint;
}
