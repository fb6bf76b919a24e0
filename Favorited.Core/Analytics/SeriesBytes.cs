using System.Buffers.Binary;

namespace Favorited.Core.Analytics;

/// <summary>
/// A series in the snapshot's <c>per_minute</c> column: resolution, count, then the viewers-max, viewers-avg and hosts-max
/// columns, little-endian. Binary rather than JSON: the snapshot of a long stream is read on every request for it.
/// </summary>
public static class SeriesBytes
{
    public static byte[] Write(AudienceSeries series)
    {
        var count = series.ViewersMax.Length;
        var bytes = new byte[8 + count * (4 + 8 + 4)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, series.Resolution);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), count);
        var offset = 8;
        foreach (var value in series.ViewersMax)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
            offset += 4;
        }
        foreach (var value in series.ViewersAvg)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(offset), value);
            offset += 8;
        }
        foreach (var value in series.HostsMax)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
            offset += 4;
        }
        return bytes;
    }

    public static AudienceSeries Read(ReadOnlySpan<byte> bytes)
    {
        var resolution = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (bytes.Length != 8 + count * 16)
        {
            throw new InvalidDataException($"A series of {count} buckets takes {8 + count * 16} bytes, not {bytes.Length}");
        }
        var viewersMax = new int[count];
        var viewersAvg = new double[count];
        var hostsMax = new int[count];
        var offset = 8;
        for (var i = 0; i < count; i++, offset += 4)
        {
            viewersMax[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
        }
        for (var i = 0; i < count; i++, offset += 8)
        {
            viewersAvg[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[offset..]);
        }
        for (var i = 0; i < count; i++, offset += 4)
        {
            hostsMax[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
        }
        return new AudienceSeries(resolution, viewersMax, viewersAvg, hostsMax);
    }
}
