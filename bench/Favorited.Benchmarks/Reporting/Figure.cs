using System.Globalization;
using System.Text.Json.Serialization;

namespace Favorited.Benchmarks.Reporting;

[JsonConverter(typeof(JsonStringEnumConverter<Goal>))]
public enum Goal
{
    AtLeast,
    AtMost,
}

/// <summary>The issue's target for a figure, e.g. at least 20,000 per second.</summary>
public sealed record Target(Goal Goal, double Threshold)
{
    public bool IsMetBy(double value) => !double.IsNaN(value) && (Goal == Goal.AtLeast ? value >= Threshold : value <= Threshold);

    public string Describe(string unit) => $"{(Goal == Goal.AtLeast ? "≥" : "≤")} {Figure.Format(Threshold, unit)}";
}

/// <summary>The same kind of figure for something simpler, measured in the same run on the same machine.</summary>
public sealed record Baseline(string Name, double Value);

/// <summary>One measured figure, with what it should be and what it is next to.</summary>
public sealed record Figure(string Section, string Name, double Value, string Unit, Target? Target = null, Baseline? Baseline = null,
    string? Note = null)
{
    /// <summary>The figure as a share of its baseline.</summary>
    public double? Ratio => Baseline is { Value: > 0 } baseline && !double.IsNaN(Value) ? Value / baseline.Value : null;

    /// <summary>PASS or MISS against the target; empty without one. Never a reason for the run to fail.</summary>
    public string Result => Target is null ? "" : Target.IsMetBy(Value) ? "PASS" : "MISS";

    public static string Format(double value, string unit)
    {
        if (double.IsNaN(value))
        {
            return "—";
        }
        var number = unit switch
        {
            "ms" => value < 10 ? value.ToString("0.00", CultureInfo.InvariantCulture) : value.ToString("N1", CultureInfo.InvariantCulture),
            "s" => value.ToString("0.00", CultureInfo.InvariantCulture),
            "KiB" => value.ToString("0.0", CultureInfo.InvariantCulture),
            "%" => value.ToString("0", CultureInfo.InvariantCulture),
            "×" => value.ToString("0.00", CultureInfo.InvariantCulture),
            _ => value.ToString("N0", CultureInfo.InvariantCulture),
        };
        return unit is "" ? number : unit.StartsWith('/') || unit is "%" or "×" ? $"{number}{unit}" : $"{number} {unit}";
    }
}
