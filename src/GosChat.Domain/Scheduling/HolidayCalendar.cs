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
    private readonly SortedSet<int> _coveredYears;

    /// <param name="coveredYears">
    /// The years whose holidays this calendar knows; a year with any listed holiday or working day counts as
    /// known too. A date in another year is still served, as a plain weekday, but <see cref="FirstUncoveredDate"/>
    /// reports it, so a node can say its calendar has run out instead of silently losing holidays.
    /// </param>
    public HolidayCalendar(IEnumerable<LocalDate> holidays, IEnumerable<TransferredWorkingDay>? workingDays = null,
        IEnumerable<int>? coveredYears = null)
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

        _coveredYears = new SortedSet<int>(coveredYears ?? []);
        _coveredYears.UnionWith(_holidays.Select(d => d.Year));
        _coveredYears.UnionWith(_workingDays.Keys.Select(d => d.Year));
    }

    /// <summary>No holidays and no transferred days.</summary>
    public static HolidayCalendar None { get; } = new([]);

    /// <summary>The official Russian non-working days shipped with the service (see <see cref="RussianOfficialHolidays"/>).</summary>
    public static HolidayCalendar RussianOfficial { get; } =
        new(RussianOfficialHolidays.Dates, RussianOfficialHolidays.WorkingDays,
            Enumerable.Range(RussianOfficialHolidays.FirstYear, RussianOfficialHolidays.LastYear - RussianOfficialHolidays.FirstYear + 1));

    /// <summary>The years whose holidays and transferred days this calendar knows.</summary>
    public IReadOnlyCollection<int> CoveredYears => _coveredYears;

    /// <summary>The first date from <paramref name="from"/> through <paramref name="through"/> in a year the calendar does not know, or null.</summary>
    public LocalDate? FirstUncoveredDate(LocalDate from, LocalDate through)
    {
        for (var year = from.Year; year <= through.Year; year++)
            if (!_coveredYears.Contains(year))
                return year == from.Year ? from : new LocalDate(year, 1, 1);
        return null;
    }

    public IReadOnlyCollection<LocalDate> Holidays => _holidays;

    public IReadOnlyCollection<TransferredWorkingDay> WorkingDays =>
        _workingDays.Select(p => new TransferredWorkingDay(p.Key, p.Value)).OrderBy(d => d.Date).ToArray();

    /// <summary>A copy with more holidays.</summary>
    public HolidayCalendar WithHolidays(IEnumerable<LocalDate> extra) =>
        new(_holidays.Concat(extra), WorkingDays, _coveredYears);

    /// <summary>A copy with more transferred working days (a later entry for the same date wins).</summary>
    public HolidayCalendar WithWorkingDays(IEnumerable<TransferredWorkingDay> extra) =>
        new(_holidays, WorkingDays.Concat(extra), _coveredYears);

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
