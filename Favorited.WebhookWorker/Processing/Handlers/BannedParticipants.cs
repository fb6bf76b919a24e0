using Favorited.Core.LiveKit;

namespace Favorited.WebhookWorker.Processing.Handlers;

/// <summary>Takes a banned user who connected with an old join token out of the room again.</summary>
internal static class BannedParticipants
{
    public static async Task RemoveAsync(RoomServiceClient liveKit, string room, string identity, ILogger logger)
    {
        try
        {
            await liveKit.RemoveParticipantAsync(room, identity, CancellationToken.None);
        }
        catch (LiveKitNotFoundException)
        {
            // Gone already.
        }
        catch (LiveKitException ex)
        {
            // Their session is LEFT (BANNED) and uncounted; reconciliation tries again while they stay connected.
            Log.BannedParticipantNotRemoved(logger, identity, room, ex.Message);
        }
    }
}
