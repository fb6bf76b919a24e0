namespace Favorited.MigrationService;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Migrating {Target}")]
    public static partial void Migrating(ILogger logger, string target);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Schema of {Target} is up to date; nothing to apply")]
    public static partial void UpToDate(ILogger logger, string target);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Applied {Count} migration(s) to {Target}: {Migrations}")]
    public static partial void Applied(ILogger logger, int count, string target, string migrations);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "Database migration failed: could not migrate {Target}: {Reason}")]
    public static partial void Failed(ILogger logger, string target, string reason, Exception exception);
}
