namespace Favorited.Core.Analytics;

/// <summary>Turns a stream's spans into its figures. Pure: no clock, no I/O.</summary>
public static class AudienceCalculator
{
    public static AudienceFigures Calculate(AudienceInput input) =>
        throw new NotImplementedException("contract: built on branch calc");

    /// <summary>Downsamples the per-second series to <paramref name="resolutionSeconds"/>.</summary>
    public static AudienceSeries Series(PerSecondSeries perSecond, int resolutionSeconds) =>
        throw new NotImplementedException("contract: built on branch calc");
}
