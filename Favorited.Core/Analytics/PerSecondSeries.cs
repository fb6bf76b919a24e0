namespace Favorited.Core.Analytics;

/// <summary>
/// The base series: one entry per second from time zero. Second s covers <c>[s, s+1)</c>; the last may be partial.
/// </summary>
/// <param name="ViewersMax">The most viewers at any instant of the second.</param>
/// <param name="ViewerMilliseconds">The integral of the viewer count over the second, in viewer-milliseconds.</param>
/// <param name="HostsMax">The most hosts at any instant of the second.</param>
/// <param name="LastSecondMilliseconds">The length of the last second (1–1,000), for the time-weighted mean.</param>
public sealed record PerSecondSeries(int[] ViewersMax, int[] ViewerMilliseconds, int[] HostsMax, int LastSecondMilliseconds)
{
    public int Length => ViewersMax.Length;
    public static PerSecondSeries FromBytes(ReadOnlySpan<byte> bytes) => throw new NotImplementedException(); // TEMPORARY
}

/// <summary>The series at a resolution of r seconds: bucket i covers <c>[i·r, (i+1)·r)</c>, the last may be shorter.</summary>
/// <param name="ViewersAvg">Time-weighted mean viewers over the bucket, rounded to 2 decimals.</param>
public sealed record AudienceSeries(int Resolution, int[] ViewersMax, double[] ViewersAvg, int[] HostsMax);
