using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Opening windows for each day of the week. A day with no windows is closed. Windows of one day are
/// kept sorted by start; overlapping windows are allowed and simply add up.
/// </summary>
public sealed class WeeklySchedule
{
    // Static initialisers run in text order: these come first because the schedules below use them.
    private static readonly IReadOnlyList<TimeWindow> NoWindows = Array.Empty<TimeWindow>();

    /// <summary>Monday to Sunday in order.</summary>
    public static IReadOnlyList<IsoDayOfWeek> AllDays { get; } =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday,
        IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    private static IReadOnlyList<IsoDayOfWeek> WorkWeek { get; } = AllDays.Take(5).ToArray();

    // Indexed by (int)IsoDayOfWeek, 1 = Monday .. 7 = Sunday; slot 0 unused.
    private readonly IReadOnlyList<TimeWindow>[] _days;

    private WeeklySchedule(IReadOnlyList<TimeWindow>[] days) => _days = days;

    /// <summary>Closed every day.</summary>
    public static WeeklySchedule Closed { get; } = new(Enumerable.Repeat(NoWindows, 8).ToArray());

    /// <summary>The published default: Monday to Friday 08:00-20:00, Saturday and Sunday closed.</summary>
    public static WeeklySchedule Default { get; } = Weekdays("08:00-20:00");

    /// <summary>The same windows Monday to Friday; weekend closed.</summary>
    public static WeeklySchedule Weekdays(params string[] windows) =>
        Closed.With(WorkWeek, windows.Select(TimeWindow.Parse).ToArray());

    /// <summary>The same windows on all seven days.</summary>
    public static WeeklySchedule EveryDay(params string[] windows) =>
        Closed.With(AllDays, windows.Select(TimeWindow.Parse).ToArray());

    /// <summary>The windows of one weekday, sorted by start; empty when closed.</summary>
    public IReadOnlyList<TimeWindow> WindowsOn(IsoDayOfWeek day)
    {
        if (day == IsoDayOfWeek.None)
        {
            throw new ArgumentOutOfRangeException(nameof(day));
        }

        return _days[(int)day];
    }

    /// <summary>True when no day has a window.</summary>
    public bool IsClosedAllWeek => AllDays.All(d => _days[(int)d].Count == 0);

    /// <summary>A copy with the windows of <paramref name="day"/> replaced (none = closed that day).</summary>
    public WeeklySchedule With(IsoDayOfWeek day, params TimeWindow[] windows) => With([day], windows);

    /// <summary>A copy with the windows of <paramref name="day"/> replaced, read from <c>HH:mm-HH:mm</c> strings.</summary>
    public WeeklySchedule With(IsoDayOfWeek day, params string[] windows) =>
        With([day], windows.Select(TimeWindow.Parse).ToArray());

    /// <summary>A copy with the windows of every day in <paramref name="days"/> replaced.</summary>
    public WeeklySchedule With(IEnumerable<IsoDayOfWeek> days, IEnumerable<TimeWindow> windows)
    {
        var sorted = windows.OrderBy(w => w.Start).ThenBy(w => w.End).ToArray();
        var copy = (IReadOnlyList<TimeWindow>[])_days.Clone();
        foreach (var day in days)
        {
            if (day == IsoDayOfWeek.None)
            {
                throw new ArgumentOutOfRangeException(nameof(days));
            }

            copy[(int)day] = sorted.Length == 0 ? NoWindows : Array.AsReadOnly(sorted);
        }

        return new WeeklySchedule(copy);
    }

    /// <summary>E.g. <c>Mon 08:00-20:00; Tue 08:00-20:00; …; Sat closed; Sun closed</c>.</summary>
    public override string ToString() =>
        string.Join("; ", AllDays.Select(d =>
            $"{d.ToString()[..3]} {(_days[(int)d].Count == 0 ? "closed" : string.Join(", ", _days[(int)d]))}"));
}
