using NodaTime;
using NodaTime.TimeZones;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// When a queue is open: weekly windows in a time zone, a holiday calendar and an optional emergency
/// mode for holidays. Local times become instants through <see cref="Resolvers.LenientResolver"/>: a
/// time skipped by a DST change moves forward by the gap, an ambiguous time takes its earlier instant.
/// </summary>
/// <remarks>
/// <para>On a holiday the queue is closed. With <see cref="EmergencyOnHolidays"/> it is open during
/// <see cref="EmergencyWindows"/> for sessions marked critical, and still closed for the others.</para>
/// <para>A window that runs past midnight belongs to the day it starts on: Monday's <c>22:00-02:00</c>
/// is open until 02:00 on Tuesday even if Tuesday is a holiday.</para>
/// </remarks>
public sealed class WorkingHoursSchedule
{
    /// <summary>How far <see cref="NextChange"/> looks ahead before answering "never".</summary>
    public const int SearchHorizonDays = 400;

    private static readonly TimeWindow[] DefaultEmergencyWindows = [TimeWindow.Parse("08:00-20:00")];

    public WorkingHoursSchedule(
        DateTimeZone zone,
        WeeklySchedule weekly,
        HolidayCalendar? calendar = null,
        bool emergencyOnHolidays = false,
        IEnumerable<TimeWindow>? emergencyWindows = null)
    {
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
        Weekly = weekly ?? throw new ArgumentNullException(nameof(weekly));
        Calendar = calendar ?? HolidayCalendar.None;
        EmergencyOnHolidays = emergencyOnHolidays;
        EmergencyWindows = (emergencyWindows ?? DefaultEmergencyWindows).OrderBy(w => w.Start).ToArray();
    }

    /// <summary>Europe/Moscow from the TZDB provider.</summary>
    public static DateTimeZone DefaultZone => DateTimeZoneProviders.Tzdb["Europe/Moscow"];

    /// <summary>The published default: Monday-Friday 08:00-20:00 Moscow time, closed on weekends and official holidays.</summary>
    public static WorkingHoursSchedule Default { get; } =
        new(DefaultZone, WeeklySchedule.Default, HolidayCalendar.RussianOfficial);

    public DateTimeZone Zone { get; }

    public WeeklySchedule Weekly { get; }

    public HolidayCalendar Calendar { get; }

    /// <summary>When true, holidays are open for critical sessions during <see cref="EmergencyWindows"/>.</summary>
    public bool EmergencyOnHolidays { get; }

    /// <summary>The windows of a holiday in emergency mode (08:00-20:00 unless given).</summary>
    public IReadOnlyList<TimeWindow> EmergencyWindows { get; }

    /// <summary>The windows that apply to sessions of the given kind on a local date.</summary>
    public IReadOnlyList<TimeWindow> WindowsOn(LocalDate date, bool critical = false)
    {
        var day = Calendar.Classify(date);
        if (day.Kind == DayKind.Holiday)
        {
            return critical && EmergencyOnHolidays ? EmergencyWindows : [];
        }

        return Weekly.WindowsOn(day.ScheduleDay);
    }

    /// <summary>
    /// An answer of <see cref="IsOpen"/> and <see cref="NextChange"/> kept for reuse: the state is the same from
    /// <see cref="From"/> until <see cref="Until"/> (the next change; none within the horizon when null), so every
    /// question about an instant in between (each sweep tick asks each queue's several times) is answered without
    /// mapping a single local time again. Immutable: swapped whole, safe to share between threads.
    /// </summary>
    private sealed record KnownState(Instant From, Instant? Until, bool Open)
    {
        public bool Covers(Instant at) => From <= at && at < (Until ?? From + Duration.FromDays(SearchHorizonDays));
    }

    private KnownState? _normal;
    private KnownState? _critical;

    /// <summary>True when sessions of the given kind are served at <paramref name="at"/>.</summary>
    public bool IsOpen(Instant at, bool critical = false) =>
        IsStraggler(at, critical) ? IsOpenAt(at, critical) : Known(at, critical).Open;

    /// <summary>Whether <paramref name="at"/> comes before the kept answer's instant (see <see cref="Known"/>).</summary>
    private bool IsStraggler(Instant at, bool critical) => (critical ? _critical : _normal) is { } kept && at < kept.From;

    /// <summary>
    /// The state at <paramref name="at"/> and until when it holds: the one kept when it covers that instant, else worked
    /// out and kept in its place. An instant before the kept one (a caller that read the clock a moment before another
    /// did) is answered without it by the callers, not kept: on a busy node such stragglers are common, and working out
    /// the next change for each (400 days ahead on a queue open round the clock) would cost far more than the answer.
    /// </summary>
    private KnownState Known(Instant at, bool critical)
    {
        var known = critical ? _critical : _normal;
        if (known is not null && known.Covers(at)) return known;
        var open = IsOpenAt(at, critical);
        return Keep(critical, new KnownState(at, FirstChangeAfter(at, critical, open), open));
    }

    private KnownState Keep(bool critical, KnownState known) => critical ? _critical = known : _normal = known;

    private bool IsOpenAt(Instant at, bool critical)
    {
        var date = at.InZone(Zone).Date;

        // Yesterday's windows may run past midnight; tomorrow's are checked for zones whose midnight
        // is ambiguous, where an instant's local date and a window's mapped start can disagree.
        for (var d = date.PlusDays(-1); d <= date.PlusDays(1); d = d.PlusDays(1))
        {
            foreach (var window in WindowsOn(d, critical))
            {
                var (start, end) = ToInstants(d, window);
                if (start <= at && at < end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The first instant after <paramref name="from"/> at which <see cref="IsOpen"/> changes, across
    /// weekends and holidays; null when it does not change within <see cref="SearchHorizonDays"/> days.
    /// </summary>
    public Instant? NextChange(Instant from, bool critical = false)
    {
        if (IsStraggler(from, critical)) return FirstChangeAfter(from, critical, IsOpenAt(from, critical)); // see Known
        var known = Known(from, critical);
        if (known.Until is not null || known.From == from) return known.Until;
        // Kept from an earlier instant with no change within its horizon (a queue open round the clock): this instant's
        // horizon reaches a few days further, and only those days are looked at.
        return Keep(critical, new KnownState(from, FirstChangeAfter(from, critical, known.Open, after: LastDateLookedAt(known.From)),
            known.Open)).Until;
    }

    /// <summary>The last local date whose windows <see cref="FirstChangeAfter"/> looks at for <paramref name="from"/>.</summary>
    private LocalDate LastDateLookedAt(Instant from) => from.InZone(Zone).Date.PlusDays(SearchHorizonDays);

    /// <param name="after">A date up to which the windows are known to hold no change after <paramref name="from"/>: the
    /// search starts the day after it.</param>
    private Instant? FirstChangeAfter(Instant from, bool critical, bool openNow, LocalDate? after = null)
    {
        var first = from.InZone(Zone).Date.PlusDays(-1);
        var last = LastDateLookedAt(from);
        if (after is { } known && known >= first) first = known.PlusDays(1);

        // The state only changes at a window's start or end. Each date's windows give candidates between
        // that date's midnight and the midnight two days on, so once a change is found on date f no
        // date after f + 2 can hold an earlier one.
        Instant? best = null;
        LocalDate? foundOn = null;
        for (var d = first; d <= last; d = d.PlusDays(1))
        {
            if (foundOn is { } f && d > f.PlusDays(2))
            {
                break;
            }

            foreach (var window in WindowsOn(d, critical))
            {
                var (start, end) = ToInstants(d, window);
                foreach (var candidate in (ReadOnlySpan<Instant>)[start, end])
                {
                    if (candidate > from && (best is null || candidate < best) && IsOpenAt(candidate, critical) != openNow)
                    {
                        best = candidate;
                        foundOn ??= d;
                    }
                }
            }
        }

        return best;
    }

    /// <summary><paramref name="from"/> itself when open, otherwise the next opening; null if none within the horizon.</summary>
    public Instant? NextOpening(Instant from, bool critical = false) =>
        IsOpen(from, critical) ? from : NextChange(from, critical);

    /// <summary>A window of <paramref name="date"/> as instants in <see cref="Zone"/> (lenient across DST gaps and overlaps).</summary>
    public (Instant Start, Instant End) ToInstants(LocalDate date, TimeWindow window)
    {
        var (start, end) = window.On(date);
        return (
            start.InZone(Zone, Resolvers.LenientResolver).ToInstant(),
            end.InZone(Zone, Resolvers.LenientResolver).ToInstant());
    }
}
