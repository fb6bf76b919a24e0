using System.Collections.Frozen;
using System.Reflection;
using NpgsqlTypes;

namespace Favorited.Core.Data;

/// <summary>
/// The one place enum wire labels are read from: a member's <see cref="PgNameAttribute"/> (e.g. <c>LIVE</c>), the label
/// of PostgreSQL's enum type, which the JSON API uses too. Code that needs a label as text (raw SQL parameters, Redis,
/// query-string filters, messages) asks here instead of spelling it.
/// </summary>
public static class EnumLabels
{
    public static string Label<T>(this T value) where T : struct, Enum => Of<T>.Labels[value];

    /// <summary>Exact match, as the original API matched its filters (<c>live</c> is not <c>LIVE</c>).</summary>
    public static bool TryParse<T>(string? label, out T value) where T : struct, Enum =>
        Of<T>.Values.TryGetValue(label ?? "", out value);

    /// <summary>A label PostgreSQL or Redis gave back.</summary>
    public static T Parse<T>(string label) where T : struct, Enum =>
        TryParse<T>(label, out var value) ? value : throw new InvalidDataException($"'{label}' is not a {typeof(T).Name} label.");

    public static IEnumerable<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Label);

    private static class Of<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Labels = Enum.GetValues<T>().ToFrozenDictionary(value => value,
            value => typeof(T).GetField(value.ToString())!.GetCustomAttribute<PgNameAttribute>()?.PgName
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{value} has no [PgName] label."));

        public static readonly FrozenDictionary<string, T> Values = Labels.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }
}
