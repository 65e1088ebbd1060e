using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// One opening window of a day in local time, written <c>HH:mm-HH:mm</c>. The start is inclusive,
/// the end exclusive. <c>24:00</c> may end a window, so <c>00:00-24:00</c> is the whole day. A window
/// whose end is before its start (<c>22:00-02:00</c>) runs past midnight into the next day; that
/// tail belongs to the day the window starts on.
/// </summary>
public readonly partial record struct TimeWindow
{
    private TimeWindow(LocalTime start, LocalTime end)
    {
        Start = start;
        End = end;
    }

    /// <summary>The whole day, <c>00:00-24:00</c>.</summary>
    public static TimeWindow WholeDay { get; } = new(LocalTime.Midnight, LocalTime.Midnight);

    public LocalTime Start { get; }

    /// <summary>The end time; midnight when the window ends at <c>24:00</c>.</summary>
    public LocalTime End { get; }

    /// <summary>True when the window ends on the following day (it crosses or ends at midnight).</summary>
    public bool EndsNextDay => End <= Start;

    public Duration Length => EndsNextDay
        ? Duration.FromDays(1) - (Start - End).ToDuration()
        : (End - Start).ToDuration();

    /// <summary>
    /// A window from <paramref name="start"/> to <paramref name="end"/>. An end at or before the start
    /// means the next day; start and end both at midnight is the whole day. Any other pair of equal
    /// times is rejected because it is unclear whether an empty or a 24-hour window was meant.
    /// </summary>
    public static TimeWindow Of(LocalTime start, LocalTime end)
    {
        if (start == end && start != LocalTime.Midnight)
        {
            throw new ArgumentException(
                $"A window cannot start and end at {start:HH:mm}; use 00:00-24:00 for the whole day.", nameof(end));
        }

        return new TimeWindow(start, end);
    }

    /// <summary>Reads <c>HH:mm-HH:mm</c> (one-digit hours and spaces around the dash are accepted).</summary>
    /// <exception cref="ScheduleFormatException">The text is not a valid window.</exception>
    public static TimeWindow Parse(string? text)
    {
        if (TryParse(text, out var window, out var error))
        {
            return window;
        }

        throw new ScheduleFormatException(text ?? string.Empty, error);
    }

    public static bool TryParse(string? text, out TimeWindow window) => TryParse(text, out window, out _);

    /// <summary>
    /// Like <see cref="Parse"/>, with the reason for a failure in <paramref name="error"/>. On failure
    /// <paramref name="window"/> is <c>default</c>, which is the whole day: check the result.
    /// </summary>
    public static bool TryParse(string? text, out TimeWindow window, out string error)
    {
        window = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A time window is empty; expected HH:mm-HH:mm, e.g. 08:00-20:00.";
            return false;
        }

        var match = Shape().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a time window; expected HH:mm-HH:mm, e.g. 08:00-20:00.";
            return false;
        }

        int startHour = Number(match, "sh"), startMinute = Number(match, "sm");
        int endHour = Number(match, "eh"), endMinute = Number(match, "em");

        if (startHour == 24)
        {
            error = $"'{text}': 24:00 can only end a window, not start one.";
            return false;
        }

        if (startHour > 23 || endHour > 24 || startMinute > 59 || endMinute > 59 || (endHour == 24 && endMinute != 0))
        {
            error = $"'{text}': a time is out of range; hours are 00-23 (24:00 only as an end), minutes 00-59.";
            return false;
        }

        var start = new LocalTime(startHour, startMinute);
        var end = endHour == 24 ? LocalTime.Midnight : new LocalTime(endHour, endMinute);
        bool endWrittenAs24 = endHour == 24;

        if (start == end && !(start == LocalTime.Midnight && endWrittenAs24))
        {
            error = $"'{text}' starts and ends at the same time; use 00:00-24:00 for the whole day.";
            return false;
        }

        window = new TimeWindow(start, end);
        error = string.Empty;
        return true;
    }

    /// <summary>The window on a given date as local date-times (the end may fall on the next date).</summary>
    public (LocalDateTime Start, LocalDateTime End) On(LocalDate date) =>
        (date + Start, (EndsNextDay ? date.PlusDays(1) : date) + End);

    public override string ToString()
    {
        var end = End == LocalTime.Midnight ? "24:00" : End.ToString("HH:mm", CultureInfo.InvariantCulture);
        return $"{Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{end}";
    }

    private static int Number(Match match, string group) =>
        int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?<sh>\d{1,2}):(?<sm>\d{2})\s*[-\u2013\u2014]\s*(?<eh>\d{1,2}):(?<em>\d{2})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
