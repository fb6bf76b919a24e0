namespace Favorited.Core.Livestreams;

/// <summary>
/// A livestream's LiveKit room is named after its room name and its id, so no two streams ever share one. A LiveKit join
/// token names only its room: were a room reused once its stream ended, a token kept from the earlier stream (with its
/// grants, a host's included) would open the later one, a private one too.
/// </summary>
public static class LiveKitRooms
{
    public static string NameFor(string roomName, Guid streamId) => $"{roomName}-{streamId:N}";
}
