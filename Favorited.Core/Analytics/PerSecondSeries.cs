namespace Favorited.Core.Analytics;

/// <summary>
/// The base series: one entry per second from time zero. Second s covers <c>[s, s+1)</c>; the last may be partial.
/// </summary>
/// <param name="ViewersMax">The most viewers at any instant of the second.</param>
/// <param name="ViewerMilliseconds">The integral of the viewer count over the second, in viewer-milliseconds.</param>
/// <param name="HostsMax">The most hosts at any instant of the second.</param>
/// <param name="LastSecondMilliseconds">The length of the last second (1–1,000; 0 when there is no second), for the time-weighted mean.</param>
public sealed record PerSecondSeries(int[] ViewersMax, int[] ViewerMilliseconds, int[] HostsMax, int LastSecondMilliseconds)
{
    public int Length => ViewersMax.Length;

    /// <summary>
    /// The <c>per_second</c> column: a header of three little-endian int32 (format 1, length, last second's
    /// milliseconds), then the three arrays as little-endian int32: 12 B per second.
    /// </summary>
    public byte[] ToBytes()
    {
        var writer = new SeriesBytesWriter(SeriesBytes.PerSecondFormat, 3 + 3 * Length);
        writer.Int32(Length);
        writer.Int32(LastSecondMilliseconds);
        writer.Int32s(ViewersMax);
        writer.Int32s(ViewerMilliseconds);
        writer.Int32s(HostsMax);
        return writer.Bytes;
    }

    /// <exception cref="FormatException">The bytes are not a series written by <see cref="ToBytes"/>.</exception>
    public static PerSecondSeries FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new SeriesBytesReader(bytes, SeriesBytes.PerSecondFormat);
        var length = reader.Length(3);
        var lastSecondMilliseconds = reader.Int32();
        var series = new PerSecondSeries(reader.Int32s(length), reader.Int32s(length), reader.Int32s(length), lastSecondMilliseconds);
        reader.End();
        return series;
    }
}

/// <summary>The series at a resolution of r seconds: bucket i covers <c>[i·r, (i+1)·r)</c>, the last may be shorter.</summary>
/// <param name="ViewersAvg">Time-weighted mean viewers over the bucket, rounded to 2 decimals.</param>
public sealed record AudienceSeries(int Resolution, int[] ViewersMax, double[] ViewersAvg, int[] HostsMax)
{
    public int Length => ViewersMax.Length;

    /// <summary>
    /// A compact form, e.g. the <c>per_minute</c> column (<c>AudienceCalculator.Series(perSecond, 60).ToBytes()</c>):
    /// little-endian int32 format 2, resolution and length, then viewers max (int32), viewers avg (float64), hosts max (int32).
    /// </summary>
    public byte[] ToBytes()
    {
        var writer = new SeriesBytesWriter(SeriesBytes.BucketsFormat, 3 + 4 * Length);
        writer.Int32(Resolution);
        writer.Int32(Length);
        writer.Int32s(ViewersMax);
        writer.Doubles(ViewersAvg);
        writer.Int32s(HostsMax);
        return writer.Bytes;
    }

    /// <exception cref="FormatException">The bytes are not a series written by <see cref="ToBytes"/>.</exception>
    public static AudienceSeries FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new SeriesBytesReader(bytes, SeriesBytes.BucketsFormat);
        var resolution = reader.Int32();
        var length = reader.Length(4);
        var series = new AudienceSeries(resolution, reader.Int32s(length), reader.Doubles(length), reader.Int32s(length));
        reader.End();
        return series;
    }
}
