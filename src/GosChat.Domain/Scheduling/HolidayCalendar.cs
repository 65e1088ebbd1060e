using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Non-working days and transferred working days. Weekends are not the calendar's business: whether a
/// Saturday is open is up to the weekly schedule. The calendar only says which dates are holidays
/// (closed all day) and which dates are worked as another weekday.
/// </summary>
/// <remarks>A date listed both as a holiday and as a working day is a working day: that is how a
/// deployment cancels a shipped holiday.</remarks>
public sealed class HolidayCalendar
{
    private readonly HashSet<LocalDate> _holidays;
    private readonly Dictionary<LocalDate, IsoDayOfWeek> _workingDays;

    public HolidayCalendar(IEnumerable<LocalDate> holidays, IEnumerable<TransferredWorkingDay>? workingDays = null)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        _holidays = new HashSet<LocalDate>(holidays);
        _workingDays = new Dictionary<LocalDate, IsoDayOfWeek>();
        foreach (var day in workingDays ?? [])
        {
            if (day.WorksAs == IsoDayOfWeek.None)
            {
                throw new ArgumentException($"Working day {day.Date:yyyy-MM-dd} has no weekday to work as.", nameof(workingDays));
            }

            _workingDays[day.Date] = day.WorksAs;
        }
    }

    /// <summary>No holidays and no transferred days.</summary>
    public static HolidayCalendar None { get; } = new([]);

    /// <summary>The official Russian non-working days shipped with the service (see <see cref="RussianOfficialHolidays"/>).</summary>
    public static HolidayCalendar RussianOfficial { get; } =
        new(RussianOfficialHolidays.Dates, RussianOfficialHolidays.WorkingDays);

    public IReadOnlyCollection<LocalDate> Holidays => _holidays;

    public IReadOnlyCollection<TransferredWorkingDay> WorkingDays =>
        _workingDays.Select(p => new TransferredWorkingDay(p.Key, p.Value)).OrderBy(d => d.Date).ToArray();

    /// <summary>A copy with more holidays.</summary>
    public HolidayCalendar WithHolidays(IEnumerable<LocalDate> extra) =>
        new(_holidays.Concat(extra), WorkingDays);

    /// <summary>A copy with more transferred working days (a later entry for the same date wins).</summary>
    public HolidayCalendar WithWorkingDays(IEnumerable<TransferredWorkingDay> extra) =>
        new(_holidays, WorkingDays.Concat(extra));

    /// <summary>True when the date is closed all day (a holiday that is not overridden by a working day).</summary>
    public bool IsHoliday(LocalDate date) => Classify(date).Kind == DayKind.Holiday;

    public CalendarDay Classify(LocalDate date)
    {
        if (_workingDays.TryGetValue(date, out var worksAs))
        {
            return new CalendarDay(date, DayKind.TransferredWorkingDay, worksAs);
        }

        return _holidays.Contains(date)
            ? new CalendarDay(date, DayKind.Holiday, date.DayOfWeek)
            : new CalendarDay(date, DayKind.Regular, date.DayOfWeek);
    }
}
