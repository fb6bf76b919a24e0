using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Favorited.Benchmarks.Reporting;

/// <summary>Everything a run found: figures, problems (errors and wrong counts; these fail the run), and context.</summary>
/// <param name="judged">
/// Whether figures are held against their targets: not in a smoke run, whose tiny counts (and Debug build) say nothing
/// about speed.
/// </param>
public sealed class Report(bool judged)
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, object> _details = [];

    public IReadOnlyList<Figure> Figures => _figures;
    public IReadOnlyList<string> Problems => _problems;

    public void Add(Figure figure)
    {
        lock (_figures)
        {
            _figures.Add(figure);
        }
        Console.WriteLine($"    {figure.Name}: {Figure.Format(figure.Value, figure.Unit)}"
            + (figure.Baseline is { } baseline ? $" (baseline {baseline.Name}: {Figure.Format(baseline.Value, figure.Unit)})" : "")
            + (figure.Note is { } note ? $" — {note}" : ""));
    }

    /// <summary>Something is broken: an error answer, a wrong count, a lost event. The run exits non-zero.</summary>
    public void Problem(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
        Console.WriteLine($"    PROBLEM: {problem}");
    }

    /// <summary>Something about this machine that shapes the figures (a limit it imposes); printed under the table.</summary>
    public void Note(string note)
    {
        lock (_notes)
        {
            _notes.Add(note);
        }
        Console.WriteLine($"    NOTE: {note}");
    }

    /// <summary>Raw measurements and context for the JSON file (CPU shares, error counts, sizes).</summary>
    public void Detail(string key, object value)
    {
        lock (_details)
        {
            _details[key] = value;
        }
    }

    public string Table(MachineInfo machine, string mode)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Favorited benchmarks ({mode}) — {machine.Date:yyyy-MM-dd HH:mm} UTC — {machine.Describe()}");
        text.AppendLine(machine.SharingNote);
        text.AppendLine();
        const string format = "{0,-54} {1,12}  {2,-13} {3,-34} {4,6}  {5}";
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, format, "figure", "value", "target", "baseline (same run)", "ratio", "result"));
        text.AppendLine(new string('─', 131));
        foreach (var section in _figures.GroupBy(f => f.Section))
        {
            text.AppendLine(section.Key);
            foreach (var figure in section)
            {
                text.AppendLine(string.Format(CultureInfo.InvariantCulture, format,
                    "  " + figure.Name,
                    Figure.Format(figure.Value, figure.Unit),
                    figure.Target?.Describe(figure.Unit) ?? "",
                    figure.Baseline is { } baseline ? $"{baseline.Name} {Figure.Format(baseline.Value, figure.Unit)}" : "",
                    figure.Ratio is { } ratio ? $"{ratio * 100:0}%" : "",
                    judged ? figure.Result : ""));
                if (figure.Note is { } note)
                {
                    text.AppendLine($"      {note}");
                }
            }
        }
        text.AppendLine(new string('─', 131));
        var met = _figures.Count(f => f.Result == "PASS");
        var missed = _figures.Count(f => f.Result == "MISS");
        foreach (var note in _notes)
        {
            text.AppendLine($"note: {note}");
        }
        text.AppendLine($"targets: {met} met, {missed} missed (targets are reported, never enforced)");
        text.AppendLine(_problems.Count == 0
            ? "problems: none (no error answers, every count exact, every event delivered)"
            : $"problems ({_problems.Count}):\n" + string.Join('\n', _problems.Select(p => "  - " + p)));
        return text.ToString();
    }

    public async Task WriteJsonAsync(string path, MachineInfo machine, string mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var document = new
        {
            mode,
            machine,
            figures = _figures.Select(f => new
            {
                f.Section, f.Name, f.Value, f.Unit, f.Target, f.Baseline, f.Ratio, Result = judged ? f.Result : "", f.Note,
            }),
            problems = _problems,
            notes = _notes,
            details = _details,
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });
    }
}

/// <summary>The machine the figures come from.</summary>
public sealed record MachineInfo(DateTime Date, int Cores, string Cpu, long MemoryMiB, string Kernel, string Runtime, string Postgres,
    string Redis, string LoadAverage)
{
    public string SharingNote =>
        $"All processes share these {Cores} cores: the load generator, the Api, the worker, PostgreSQL and Redis (loopback only); "
        + "anything else running on the machine shows as 'others' in the CPU lines.";

    public string Describe() =>
        $"{Cores} cores ({Cpu}), {MemoryMiB:N0} MiB, Linux {Kernel}, {Runtime}, PostgreSQL {Postgres}, Redis {Redis}, load average at start {LoadAverage}";

    public static MachineInfo Read(string postgresVersion, string redisVersion)
    {
        string FirstMatch(string file, string prefix) =>
            File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line
                ? line[(line.IndexOf(':') + 1)..].Trim()
                : "?";
        var memoryKiB = long.Parse(FirstMatch("/proc/meminfo", "MemTotal").Split(' ')[0], CultureInfo.InvariantCulture);
        return new MachineInfo(DateTime.UtcNow, Environment.ProcessorCount, FirstMatch("/proc/cpuinfo", "model name"), memoryKiB / 1024,
            File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), RuntimeInformation.FrameworkDescription, postgresVersion, redisVersion,
            string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)));
    }
}
