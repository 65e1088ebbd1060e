using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// Deadlines counted in working time on one schedule's calendar (hours per weekday, official holidays, transferred
/// working days, the schedule's time zone): "24 working hours" after a request came in, "5 working days". Working
/// time is elapsed time inside opening windows, so an hour lost or gained at a DST change counts as it really passed.
/// </summary>
public sealed class WorkingTimeCalculator(WorkingHoursSchedule schedule)
{
    /// <summary>How far ahead it looks for working time before giving up (a schedule closed for good).</summary>
    public const int HorizonDays = 800;

    public WorkingHoursSchedule Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <summary>
    /// The instant at which <paramref name="amount"/> of working time has passed since <paramref name="from"/>.
    /// Started outside working hours, the count begins at the next opening; an amount that runs out exactly at a
    /// closing time gives that closing time.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schedule has no working time within <see cref="HorizonDays"/>.</exception>
    public Instant AddWorkingTime(Instant from, Duration amount)
    {
        if (amount < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(amount), amount, "Working time cannot be negative.");
        var left = amount;
        var cursor = from;
        foreach (var (start, end) in OpenIntervals(from))
        {
            var begin = start > cursor ? start : cursor;
            if (end <= begin) continue;
            var available = end - begin;
            if (available >= left) return begin + left;
            left -= available;
            cursor = end;
        }
        throw new InvalidOperationException($"No working time within {HorizonDays} days after {from}.");
    }

    /// <summary>
    /// "Within <paramref name="days"/> working days": the close of the <paramref name="days"/>-th working day after the
    /// local day of <paramref name="from"/> (a working day is a date with at least one opening window).
    /// </summary>
    public Instant AddWorkingDays(Instant from, int days)
    {
        if (days < 1) throw new ArgumentOutOfRangeException(nameof(days), days, "At least one working day.");
        var date = from.InZone(Schedule.Zone).Date;
        var counted = 0;
        for (var i = 1; i <= HorizonDays; i++)
        {
            var day = date.PlusDays(i);
            var windows = Schedule.WindowsOn(day);
            if (windows.Count == 0) continue;
            if (++counted == days) return windows.Select(w => Schedule.ToInstants(day, w).End).Max();
        }
        throw new InvalidOperationException($"Fewer than {days} working days within {HorizonDays} days after {from}.");
    }

    /// <summary>The working time between <paramref name="from"/> and <paramref name="to"/> (zero when <paramref name="to"/> is not later).</summary>
    public Duration WorkingTimeBetween(Instant from, Instant to)
    {
        var total = Duration.Zero;
        var cursor = from;
        foreach (var (start, end) in OpenIntervals(from))
        {
            if (start >= to) break;
            var begin = start > cursor ? start : cursor;
            var finish = end < to ? end : to;
            if (finish > begin)
            {
                total += finish - begin;
                cursor = finish;
            }
        }
        return total;
    }

    /// <summary>
    /// Opening windows as instants, in order of their start, from the day before <paramref name="from"/>'s local date
    /// (its windows may run past midnight). Windows may overlap; callers keep a cursor so no time counts twice.
    /// </summary>
    private IEnumerable<(Instant Start, Instant End)> OpenIntervals(Instant from)
    {
        var first = from.InZone(Schedule.Zone).Date.PlusDays(-1);
        for (var i = 0; i <= HorizonDays; i++)
        {
            var day = first.PlusDays(i);
            foreach (var window in Schedule.WindowsOn(day).OrderBy(w => w.Start))
            {
                var (start, end) = Schedule.ToInstants(day, window);
                if (end > from) yield return (start, end);
            }
        }
    }
}
