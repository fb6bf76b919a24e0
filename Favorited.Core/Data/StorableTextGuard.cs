using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Favorited.Core.Data;

/// <summary>Checks every EF Core command's parameters with <see cref="StorableText.Ensure"/> before it is sent.</summary>
public sealed class StorableTextGuard : DbCommandInterceptor
{
    public static readonly StorableTextGuard Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        StorableText.Ensure(command.Parameters);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        StorableText.Ensure(command.Parameters);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        StorableText.Ensure(command.Parameters);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        StorableText.Ensure(command.Parameters);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        StorableText.Ensure(command.Parameters);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        StorableText.Ensure(command.Parameters);
        return ValueTask.FromResult(result);
    }
}
