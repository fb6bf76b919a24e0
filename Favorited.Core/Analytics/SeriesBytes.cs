using System.Buffers.Binary;

namespace Favorited.Core.Analytics;

internal static class SeriesBytes
{
    public const int PerSecondFormat = 1;
    public const int BucketsFormat = 2;
}

/// <summary>Writes little-endian values into a buffer of a known size, the format number first.</summary>
internal ref struct SeriesBytesWriter
{
    private int _offset;

    /// <param name="words">The size in 4-byte words, the format included.</param>
    public SeriesBytesWriter(int format, int words)
    {
        Bytes = new byte[4L * words];
        Int32(format);
    }

    public byte[] Bytes { get; }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Bytes.AsSpan(_offset), value);
        _offset += 4;
    }

    public void Int32s(int[] values)
    {
        foreach (var value in values)
        {
            Int32(value);
        }
    }

    public void Doubles(double[] values)
    {
        foreach (var value in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(Bytes.AsSpan(_offset), value);
            _offset += 8;
        }
    }
}

/// <summary>Reads what <see cref="SeriesBytesWriter"/> wrote; anything else is a <see cref="FormatException"/>.</summary>
internal ref struct SeriesBytesReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _offset;

    public SeriesBytesReader(ReadOnlySpan<byte> bytes, int format)
    {
        _bytes = bytes;
        if (Int32() != format)
        {
            throw new FormatException($"Not an audience series of format {format}.");
        }
    }

    public int Int32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(_bytes[_offset..]);
        _offset += 4;
        return value;
    }

    /// <summary>Reads an array length, checking that what remains holds that many entries of <paramref name="wordsPerEntry"/> words.</summary>
    public int Length(int wordsPerEntry)
    {
        var length = Int32();
        if (length < 0 || (long)length * wordsPerEntry * 4 > _bytes.Length - _offset)
        {
            throw new FormatException("The audience series' length does not match its bytes.");
        }
        return length;
    }

    public int[] Int32s(int length)
    {
        Need(4L * length);
        var values = new int[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(_bytes[(_offset + 4 * i)..]);
        }
        _offset += 4 * length;
        return values;
    }

    public double[] Doubles(int length)
    {
        Need(8L * length);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(_bytes[(_offset + 8 * i)..]);
        }
        _offset += 8 * length;
        return values;
    }

    public readonly void End()
    {
        if (_offset != _bytes.Length)
        {
            throw new FormatException("The audience series has trailing bytes.");
        }
    }

    private readonly void Need(long bytes)
    {
        if (_bytes.Length - _offset < bytes)
        {
            throw new FormatException("The audience series is cut short.");
        }
    }
}
