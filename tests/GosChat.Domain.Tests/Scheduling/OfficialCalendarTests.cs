using GosChat.Domain.Scheduling;
using NodaTime;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Scheduling;

public class OfficialCalendarTests
{
    private static readonly HolidayCalendar Official = HolidayCalendar.RussianOfficial;

    [TestCase("2026-01-01")]
    [TestCase("2026-01-05")]
    [TestCase("2026-01-08")]
    [TestCase("2026-01-09")] // moved from Saturday 3 January
    [TestCase("2026-02-23")]
    [TestCase("2026-03-09")] // for 8 March, a Sunday
    [TestCase("2026-05-01")]
    [TestCase("2026-05-11")] // for 9 May, a Saturday
    [TestCase("2026-06-12")]
    [TestCase("2026-11-04")]
    [TestCase("2026-12-31")] // moved from Sunday 4 January
    [TestCase("2027-01-01")]
    [TestCase("2027-01-08")]
    [TestCase("2027-02-23")]
    [TestCase("2027-03-08")]
    [TestCase("2027-05-03")] // for 1 May, a Saturday
    [TestCase("2027-05-10")] // for 9 May, a Sunday
    [TestCase("2027-06-14")] // for 12 June, a Saturday
    [TestCase("2027-11-04")]
    public void ShippedCalendar_ClosesTheOfficialNonWorkingWeekdays(string date)
    {
        Assert.That(Official.IsHoliday(Date(date)), Is.True);
        Assert.That(WorkingHoursSchedule.Default.IsOpen(Msk(date + " 12:00")), Is.False);
    }

    [TestCase("2026-01-12")]
    [TestCase("2026-02-24")]
    [TestCase("2026-03-10")]
    [TestCase("2026-05-12")]
    [TestCase("2026-11-05")]
    [TestCase("2026-12-30")]
    [TestCase("2027-01-11")]
    public void ShippedCalendar_LeavesTheNeighbouringWorkingDaysOpen(string date)
    {
        Assert.That(Official.IsHoliday(Date(date)), Is.False);
        Assert.That(WorkingHoursSchedule.Default.IsOpen(Msk(date + " 12:00")), Is.True);
    }

    [TestCase("2026-12-30 20:00", "2027-01-11 08:00")]
    [TestCase("2026-01-01 00:00", "2026-01-12 08:00")]
    [TestCase("2026-05-08 20:00", "2026-05-12 08:00")]
    [TestCase("2026-11-03 20:00", "2026-11-05 08:00")]
    public void NextChange_SkipsHolidayRuns(string from, string expected) =>
        Assert.That(ShowMsk(WorkingHoursSchedule.Default.NextChange(Msk(from))), Is.EqualTo(expected + ":00"));

    [Test]
    public void ShippedMovedDaysOff_AllFallOnWeekdays()
    {
        LocalDate[] moved =
        [
            Date("2026-01-09"), Date("2026-03-09"), Date("2026-05-11"), Date("2026-12-31"),
            Date("2027-05-03"), Date("2027-05-10"), Date("2027-06-14"),
        ];

        Assert.That(moved.Select(d => d.DayOfWeek), Has.None.EqualTo(IsoDayOfWeek.Saturday).And.None.EqualTo(IsoDayOfWeek.Sunday));
        Assert.That(moved, Is.SubsetOf(RussianOfficialHolidays.Dates));
    }

    [Test]
    public void ShippedCalendar_Has2026NonWorkingWeekdayCountOf14()
    {
        // 1, 2, 5, 6, 7, 8, 9 Jan; 23 Feb; 9 Mar; 1 and 11 May; 12 Jun; 4 Nov; 31 Dec.
        var weekdays = RussianOfficialHolidays.Dates
            .Where(d => d.Year == 2026 && d.DayOfWeek < IsoDayOfWeek.Saturday);

        Assert.That(weekdays.Count(), Is.EqualTo(14));
    }

    [Test]
    public void Classify_TellsRegularHolidayAndTransferredDaysApart()
    {
        var calendar = HolidayCalendar.None
            .WithHolidays([Date("2026-11-23")])
            .WithWorkingDays([new TransferredWorkingDay(Date("2026-11-28"), IsoDayOfWeek.Friday)]);

        Assert.That(calendar.Classify(Date("2026-11-22")), Is.EqualTo(new CalendarDay(Date("2026-11-22"), DayKind.Regular, IsoDayOfWeek.Sunday)));
        Assert.That(calendar.Classify(Date("2026-11-23")).Kind, Is.EqualTo(DayKind.Holiday));
        Assert.That(calendar.Classify(Date("2026-11-28")), Is.EqualTo(new CalendarDay(Date("2026-11-28"), DayKind.TransferredWorkingDay, IsoDayOfWeek.Friday)));
    }

    [TestCase("2026-11-29", "2027-02-27", null)]
    [TestCase("2027-10-03", "2028-01-01", "2028-01-01")]
    [TestCase("2028-03-01", "2028-05-30", "2028-03-01")]
    [TestCase("2025-12-01", "2026-03-01", "2025-12-01")]
    public void ShippedCalendar_SaysWhereItRunsOut(string from, string through, string? expected)
    {
        var gap = Official.FirstUncoveredDate(Date(from), Date(through));
        Assert.That(gap, Is.EqualTo(expected is null ? (LocalDate?)null : Date(expected)));
    }

    [Test]
    public void ConfiguredHolidaysOfAYear_CoverThatYear()
    {
        var calendar = ScheduleFactory.BuildCalendar(new CalendarOptions { Holidays = ["2028-01-03", "2028-01-04"] });

        Assert.That(calendar.FirstUncoveredDate(Date("2027-12-01"), Date("2028-02-28")), Is.Null);
        Assert.That(calendar.FirstUncoveredDate(Date("2028-12-01"), Date("2029-02-28")), Is.EqualTo(Date("2029-01-01")));
        Assert.That(calendar.CoveredYears, Is.EqualTo(new[] { 2026, 2027, 2028 }));
    }

    [Test]
    public void WithoutTheOfficialCalendar_OnlyConfiguredYearsAreCovered()
    {
        var calendar = ScheduleFactory.BuildCalendar(new CalendarOptions { UseOfficialCalendar = false, WorkingDays = ["2030-03-02"] });

        Assert.That(calendar.CoveredYears, Is.EqualTo(new[] { 2030 }));
    }
}
