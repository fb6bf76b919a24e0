namespace Favorited.Core.Analytics;

/// <summary>One row per viewer, by watch time descending, then user id.</summary>
internal static class ViewerListing
{
    public static IReadOnlyList<ViewerWatch> List(IdentitySpans identities, AudiencePresence presence, AudienceInput input)
    {
        var viewers = new List<ViewerWatch>(presence.Count);
        for (var identity = 0; identity < presence.Count; identity++)
        {
            if (!presence.IsViewer(identity))
            {
                continue;
            }
            var userId = identities.UserIds[identity];
            viewers.Add(new ViewerWatch(
                userId,
                identities.DisplayNames[identity],
                identities.FirstConnected[identity],
                presence.ConnectedIntervals[identity],
                presence.WatchMs[identity] / 1000,
                presence.StageMs[identity] / 1000,
                input.Returning.Contains(userId),
                input.ChatMessagesByUser.GetValueOrDefault(userId)));
        }
        viewers.Sort(static (a, b) =>
        {
            var byWatch = b.WatchSeconds.CompareTo(a.WatchSeconds);
            return byWatch != 0 ? byWatch : string.CompareOrdinal(a.UserId, b.UserId);
        });
        return viewers;
    }
}
