namespace Favorited.Core.Analytics;

// TEMPORARY: stands for the calc and record branches until they merge.
public static class PendingMergeStubs
{
    public static byte[] ToBytes(this PerSecondSeries series) => throw new NotImplementedException();
}
public static class AudienceSource
{
    public static Task<AudienceInput> ReadAsync(Favorited.Core.Data.FavoritedDbContext db, Favorited.Core.Data.Livestream stream, DateTime asOf, CancellationToken cancellationToken) => throw new NotImplementedException();
}
public static class PerSecondSeriesBytesStub
{
}
