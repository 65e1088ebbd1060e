using System.Globalization;
using System.Text;
using GosChat.Domain.Statistics;

namespace GosChat.Server.Stats;

/// <summary>
/// The figures as CSV (RFC 4180, comma-separated, invariant culture, header row): one row per queue, channel, operator
/// and the total, with the period in each row. Empty cells where a figure has nothing to measure.
/// </summary>
public static class FiguresCsv
{
    /// <summary>The columns of <see cref="FigureRow.AbandonedAfterDistribution"/>, band by band (<see cref="Figures.AbandonBandStarts"/>).</summary>
    public static IReadOnlyList<string> AbandonColumns { get; } =
        ["abandonedUnder30s", "abandoned30to60s", "abandoned60to120s", "abandoned120to300s", "abandonedOver300s"];

    public static readonly IReadOnlyList<string> Header =
    [
        "from", "to", "group", "key", "offered", "answered", "abandoned", "abandonedAfterP50", "waitP50", "waitP90",
        "firstReplyP50", "firstReplyP90", "handleSecondsAverage", "transfers",
        .. Figures.SlaDeadlines.Select(d => "sla." + d.Deadline),
        "rated", "satisfactionAverage", "score1", "score2", "score3", "score4", "score5",
        "verified", "repeats", "repeatShare", "requests",
        "abandonedAfterP90", .. AbandonColumns, "requestsPending",
    ];

    public static string Write(FiguresReport report)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        void Rows(string group, IEnumerable<FigureRow> rows)
        {
            foreach (var r in rows)
            {
                string?[] cells =
                [
                    report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    group, r.Key, N(r.Offered), N(r.Answered), N(r.Abandoned), N(r.AbandonedAfterP50), N(r.WaitP50), N(r.WaitP90),
                    N(r.FirstReplyP50), N(r.FirstReplyP90), N(r.HandleSecondsAverage), N(r.Transfers),
                    .. Figures.SlaDeadlines.Select(d => N(r.Sla.GetValueOrDefault(d.Deadline))),
                    N(r.Satisfaction.Rated), N(r.Satisfaction.Average), .. r.Satisfaction.Distribution.Select(n => N(n)),
                    N(r.Verified), N(r.Repeats), N(r.RepeatShare), N(r.Requests),
                    N(r.AbandonedAfterP90), .. (r.AbandonedAfterDistribution ?? []).Select(n => N(n)), N(r.RequestsPending),
                ];
                csv.Append(string.Join(',', cells.Select(Escape))).Append("\r\n");
            }
        }
        Rows("queue", report.Queues);
        Rows("channel", report.Channels);
        Rows("operator", report.Operators);
        Rows("total", [report.Total]);
        return csv.ToString();
    }

    private static string? N(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static string? N(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Quotes a cell with a comma, quote or line break; a cell starting with = + - @ is prefixed with ' so spreadsheets do not run it.</summary>
    private static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell)) return "";
        if (cell[0] is '=' or '+' or '@' or '-' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
