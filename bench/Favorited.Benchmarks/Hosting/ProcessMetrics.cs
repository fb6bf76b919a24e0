using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Favorited.Benchmarks.Hosting;

/// <summary>What Linux says about a process (from <c>/proc</c>), and a full garbage collection triggered from outside.</summary>
public static class ProcessMetrics
{
    // USER_HZ: the unit of the CPU times in /proc/<pid>/stat and /proc/stat; 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU time the process has used, in seconds; 0 once it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = Stat(pid);
        return stat is null ? 0 : (long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>
    /// The process, its direct children (PostgreSQL's postmaster and its backends) and the children it has already reaped.
    /// </summary>
    public static double CpuSecondsWithChildren(int pid)
    {
        var own = Stat(pid);
        var total = own is null ? 0 : own.Skip(11).Take(4).Sum(t => long.Parse(t, CultureInfo.InvariantCulture)) / TicksPerSecond;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var child) && Stat(child) is { } stat
                && int.Parse(stat[1], CultureInfo.InvariantCulture) == pid)
            {
                total += CpuSeconds(child);
            }
        }
        return total;
    }

    /// <summary>Busy CPU seconds of the whole machine, all cores together (user, nice, system, irq, softirq; not steal).</summary>
    public static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / TicksPerSecond;
    }

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// Makes the .NET process collect all generations now, the way <c>dotnet-trace --profile gc-collect</c> does (an
    /// EventPipe session asking for the GC heap-collect keyword), so that its memory holds what is live and no garbage.
    /// </summary>
    /// <returns>
    /// The managed heap after that collection (the runtime's GCHeapStats event: every generation, the large and the pinned
    /// object heaps), what the process's objects hold apart from the memory the GC keeps committed; null if no event came.
    /// </returns>
    public static async Task<long?> CollectGarbageAsync(int pid)
    {
        const long gcKeyword = 0x1;
        const long gcHeapCollectKeyword = 0x800000;
        var client = new DiagnosticsClient(pid);
        using var session = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gcKeyword | gcHeapCollectKeyword)],
            requestRundown: false, circularBufferMB: 16, CancellationToken.None);
        long? heap = null;
        var read = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            source.Clr.GCHeapStats += stats => heap = stats.GenerationSize0 + stats.GenerationSize1 + stats.GenerationSize2
                + stats.GenerationSize3 + stats.GenerationSize4;
            source.Process();
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        await session.StopAsync(CancellationToken.None);
        await read;
        return heap;
    }

    // The fields after the command name (which may contain spaces): [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
