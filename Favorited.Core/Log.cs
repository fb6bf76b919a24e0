using Microsoft.Extensions.Logging;

namespace Favorited.Core;

internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Starting livestream {LivestreamId} in room {Room} failed: {Reason}")]
    public static partial void CreateFailed(ILogger logger, string room, Guid livestreamId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Deleting LiveKit room {Room} failed: {Reason}")]
    public static partial void DeleteRoomFailed(ILogger logger, string room, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Removing {Identity} from LiveKit room {Room} failed: {Reason}")]
    public static partial void RemoveParticipantFailed(ILogger logger, string identity, string room, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Could not mark livestream {LivestreamId} as ERROR: {Reason}")]
    public static partial void MarkErrorFailed(ILogger logger, Guid livestreamId, string reason);
}
