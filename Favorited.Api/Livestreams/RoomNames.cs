using System.Text.RegularExpressions;

namespace Favorited.Api.Livestreams;

/// <summary>The original's room-name sanitising, kept so the same input gives the same LiveKit room.</summary>
public static partial class RoomNames
{
    public const int MaxLength = 128;

    /// <summary>
    /// Trim, lower-case, every character outside <c>[a-z0-9-_]</c> becomes <c>-</c>, runs of <c>-</c>
    /// collapse, one leading and one trailing <c>-</c> go: <c>"  My Stream!! 2 "</c> → <c>my-stream-2</c>.
    /// </summary>
    public static string Sanitize(string roomName)
    {
        var name = Disallowed().Replace(roomName.Trim().ToLowerInvariant(), "-");
        name = DashRuns().Replace(name, "-");
        if (name.StartsWith('-'))
        {
            name = name[1..];
        }
        if (name.EndsWith('-'))
        {
            name = name[..^1];
        }
        return name;
    }

    [GeneratedRegex("[^a-z0-9_-]")]
    private static partial Regex Disallowed();

    [GeneratedRegex("-+")]
    private static partial Regex DashRuns();
}
