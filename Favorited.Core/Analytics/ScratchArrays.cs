using System.Buffers;
using System.Runtime.CompilerServices;

namespace Favorited.Core.Analytics;

/// <summary>
/// Arrays that live only during one calculation, rented from the shared pool and returned together. A live compute
/// over 60,000 sessions would otherwise put ~10 MB a time on the large object heap and force a full collection.
/// Rented arrays may be longer than asked and hold old values: write before reading, and never use their length.
/// </summary>
internal sealed class ScratchArrays : IDisposable
{
    private readonly List<Action> _returns = [];

    public T[] Rent<T>(int length)
    {
        var array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
        _returns.Add(() => ArrayPool<T>.Shared.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>()));
        return array;
    }

    /// <summary>A rented array whose first <paramref name="length"/> entries are zero.</summary>
    public T[] RentCleared<T>(int length)
    {
        var array = Rent<T>(length);
        Array.Clear(array, 0, length);
        return array;
    }

    public void Dispose()
    {
        foreach (var giveBack in _returns)
        {
            giveBack();
        }
        _returns.Clear();
    }
}
