using System.Globalization;
using System.Text;
using Favorited.Core.Analytics;

namespace Favorited.Api.Analytics;

/// <summary>
/// The CSV exports (RFC 4180). Written by hand because it is two flat tables of numbers and one text column; the one subtle
/// rule is spreadsheet formula injection: a display name is user text, so a cell starting with = + - @ or a tab or carriage
/// return is prefixed with an apostrophe.
/// </summary>
public static class AnalyticsCsv
{
    public static string Series(DateTime startedAt, AudienceSeries series)
    {
        var csv = new StringBuilder("bucket_start_utc,seconds_from_start,viewers_max,viewers_avg,hosts_max\r\n");
        for (var i = 0; i < series.ViewersMax.Length; i++)
        {
            var seconds = (long)i * series.Resolution;
            csv.Append(Timestamp(startedAt.AddSeconds(seconds))).Append(',')
                .Append(Number(seconds)).Append(',')
                .Append(Number(series.ViewersMax[i])).Append(',')
                .Append(series.ViewersAvg[i].ToString("0.##", CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(series.HostsMax[i])).Append("\r\n");
        }
        return csv.ToString();
    }

    public static string Viewers(IEnumerable<ViewerWatch> viewers)
    {
        var csv = new StringBuilder("user_id,display_name,first_connected_utc,intervals,watch_seconds,stage_seconds,returning,chat_messages\r\n");
        foreach (var viewer in viewers)
        {
            csv.Append(Text(viewer.UserId)).Append(',')
                .Append(Text(viewer.DisplayName)).Append(',')
                .Append(Timestamp(viewer.FirstConnected)).Append(',')
                .Append(Number(viewer.Intervals)).Append(',')
                .Append(Number(viewer.WatchSeconds)).Append(',')
                .Append(Number(viewer.StageSeconds)).Append(',')
                .Append(viewer.Returning ? "true" : "false").Append(',')
                .Append(Number(viewer.ChatMessages)).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>A text cell: neutralised against formulas, then quoted when it holds a comma, a quote or a line break.</summary>
    public static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
