using Favorited.Core.Data;

namespace Favorited.Api.Infrastructure;

/// <summary>Query-string parsing for list endpoints, with the limits the original lacked.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <returns>limit and offset, or the validation message.</returns>
    public static (int Limit, int Offset, string? Error) Parse(string? limit, string? offset)
    {
        var parsedLimit = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out parsedLimit) || parsedLimit is < 1 or > MaxLimit))
        {
            return (0, 0, $"limit must be an integer from 1 to {MaxLimit}");
        }
        var parsedOffset = 0;
        if (!string.IsNullOrEmpty(offset) && (!int.TryParse(offset, out parsedOffset) || parsedOffset < 0))
        {
            return (0, 0, "offset must be an integer of at least 0");
        }
        return (parsedLimit, parsedOffset, null);
    }

    /// <summary>Enum filters are exact, upper-case wire names (<c>LIVE</c>), as the original matched them.</summary>
    public static bool TryParseFilter<TEnum>(string? value, out TEnum? parsed) where TEnum : struct, Enum
    {
        parsed = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }
        if (EnumLabels.TryParse<TEnum>(value, out var candidate))
        {
            parsed = candidate;
            return true;
        }
        return false;
    }

    public static string FilterError<TEnum>(string name) where TEnum : struct, Enum =>
        $"{name} must be one of {string.Join(", ", EnumLabels.All<TEnum>())}";
}
