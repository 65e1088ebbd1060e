using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// The official non-working days of the Russian Federation that the service ships with.
/// Each date here is closed for the whole day, whatever weekday it falls on.
/// </summary>
/// <remarks>
/// <para>
/// Sources: Labour Code art. 112 (the holidays themselves: 1-6 and 8 January New Year holidays, 7 January
/// Christmas, 23 February, 8 March, 1 May, 9 May, 12 June, 4 November; a holiday on a Saturday or Sunday
/// moves the day off to the next working day, except the January ones, which the Government moves by
/// decree) and the yearly Government decree on moving days off.
/// </para>
/// <para>
/// 2026: Government decree No. 1466 of 24 September 2025. Saturday 3 January moved to Friday 9 January,
/// Sunday 4 January moved to Thursday 31 December. 8 March (Sunday) gives Monday 9 March; 9 May (Saturday)
/// gives Monday 11 May (art. 112). No Saturday is worked in 2026.
/// </para>
/// <para>
/// 2027: no decree was available when this list was written. Shipped are the holidays themselves and the
/// automatic art. 112 moves: 1 May (Saturday) to Monday 3 May, 9 May (Sunday) to Monday 10 May,
/// 12 June (Saturday) to Monday 14 June. NOT shipped: where the decree will put the days off of Saturday
/// 2 and Sunday 3 January 2027, and any worked Saturday (a draft reported 4-7 November off with Saturday
/// 13 November worked). Add those through configuration (<c>GosChat:Calendar:Holidays</c> and
/// <c>GosChat:Calendar:WorkingDays</c>) once the decree is published, and update this list.
/// </para>
/// <para>Shortened pre-holiday working days are not modelled: the schedule's windows apply in full.</para>
/// </remarks>
public static class RussianOfficialHolidays
{
    /// <summary>The first and last year covered.</summary>
    public const int FirstYear = 2026, LastYear = 2027;

    public static IReadOnlyList<LocalDate> Dates { get; } = Build();

    /// <summary>Worked weekend days decreed for the covered years (none are known).</summary>
    public static IReadOnlyList<TransferredWorkingDay> WorkingDays { get; } = Array.Empty<TransferredWorkingDay>();

    private static LocalDate[] Build()
    {
        var dates = new List<LocalDate>();

        // 2026.
        dates.AddRange(Range(2026, 1, 1, 9));    // 1-8 January holidays + 9 January (moved from Saturday 3 January)
        dates.Add(new LocalDate(2026, 2, 23));   // Monday
        dates.Add(new LocalDate(2026, 3, 8));    // Sunday
        dates.Add(new LocalDate(2026, 3, 9));    // Monday, for 8 March (art. 112)
        dates.Add(new LocalDate(2026, 5, 1));    // Friday
        dates.Add(new LocalDate(2026, 5, 9));    // Saturday
        dates.Add(new LocalDate(2026, 5, 11));   // Monday, for 9 May (art. 112)
        dates.Add(new LocalDate(2026, 6, 12));   // Friday
        dates.Add(new LocalDate(2026, 11, 4));   // Wednesday
        dates.Add(new LocalDate(2026, 12, 31));  // Thursday, moved from Sunday 4 January

        // 2027 (no decree yet, see remarks).
        dates.AddRange(Range(2027, 1, 1, 8));    // Friday 1 to Friday 8 January
        dates.Add(new LocalDate(2027, 2, 23));   // Tuesday
        dates.Add(new LocalDate(2027, 3, 8));    // Monday
        dates.Add(new LocalDate(2027, 5, 1));    // Saturday
        dates.Add(new LocalDate(2027, 5, 3));    // Monday, for 1 May (art. 112)
        dates.Add(new LocalDate(2027, 5, 9));    // Sunday
        dates.Add(new LocalDate(2027, 5, 10));   // Monday, for 9 May (art. 112)
        dates.Add(new LocalDate(2027, 6, 12));   // Saturday
        dates.Add(new LocalDate(2027, 6, 14));   // Monday, for 12 June (art. 112)
        dates.Add(new LocalDate(2027, 11, 4));   // Thursday

        return dates.ToArray();
    }

    private static IEnumerable<LocalDate> Range(int year, int month, int firstDay, int lastDay) =>
        Enumerable.Range(firstDay, lastDay - firstDay + 1).Select(d => new LocalDate(year, month, d));
}
