using GosChat.Domain.Scheduling;
using NodaTime;
using NodaTime.Text;

namespace GosChat.Domain.Tests.Scheduling;

/// <summary>Deadlines in working time: across Friday evenings, holidays, transferred Saturdays and DST changes.</summary>
public class WorkingTimeCalculatorTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    /// <summary>Monday–Friday 09:00–18:00 Moscow time; Monday 30 November 2026 a holiday or Saturday 28 November a working Monday when asked.</summary>
    private static WorkingTimeCalculator Office(bool mondayHoliday = false, bool saturdayWorks = false)
    {
        var calendar = new HolidayCalendar(
            mondayHoliday ? [new LocalDate(2026, 11, 30)] : [],
            saturdayWorks ? [new TransferredWorkingDay(new LocalDate(2026, 11, 28), IsoDayOfWeek.Monday)] : null);
        return new WorkingTimeCalculator(new WorkingHoursSchedule(Moscow, WeeklySchedule.Weekdays("09:00-18:00"), calendar));
    }

    private static Instant Msk(string local) =>
        LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm").Parse(local).Value.InZoneStrictly(Moscow).ToInstant();

    private static string InMsk(Instant instant) =>
        LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm").Format(instant.InZone(Moscow).LocalDateTime);

    [TestCase("2026-11-27 17:00", 24, false, false, "2026-12-02 14:00", TestName = "Friday evening + 24 working hours: 1 h Friday, 9 Monday, 9 Tuesday, 5 Wednesday")]
    [TestCase("2026-11-27 17:00", 24, true, false, "2026-12-03 14:00", TestName = "the same with Monday a holiday: a day later")]
    [TestCase("2026-11-27 17:00", 24, false, true, "2026-12-01 14:00", TestName = "the same with Saturday a transferred working day: a day sooner")]
    [TestCase("2026-11-28 10:00", 2, false, false, "2026-11-30 11:00", TestName = "started on a Saturday: counted from Monday's opening")]
    [TestCase("2026-11-27 18:00", 1, false, false, "2026-11-30 10:00", TestName = "started at closing time: the next opening")]
    [TestCase("2026-11-27 09:00", 9, false, false, "2026-11-27 18:00", TestName = "a whole working day runs out at closing time")]
    [TestCase("2026-11-26 08:00", 4, false, false, "2026-11-26 13:00", TestName = "started before opening")]
    [TestCase("2026-11-26 12:30", 0, false, false, "2026-11-26 12:30", TestName = "nothing to add")]
    public void AddWorkingTime_Hours(string from, int hours, bool mondayHoliday, bool saturdayWorks, string expected)
    {
        var due = Office(mondayHoliday, saturdayWorks).AddWorkingTime(Msk(from), Duration.FromHours(hours));
        Assert.That(InMsk(due), Is.EqualTo(expected));
    }

    [TestCase("2026-11-27 15:00", 5, false, "2026-12-04 18:00", TestName = "5 working days from a Friday: the close of the next Friday")]
    [TestCase("2026-11-27 15:00", 5, true, "2026-12-07 18:00", TestName = "5 working days with a holiday Monday: the close of the Monday after")]
    [TestCase("2026-11-28 11:00", 1, false, "2026-11-30 18:00", TestName = "1 working day from a Saturday: the close of Monday")]
    public void AddWorkingDays(string from, int days, bool mondayHoliday, string expected)
    {
        var due = Office(mondayHoliday).AddWorkingDays(Msk(from), days);
        Assert.That(InMsk(due), Is.EqualTo(expected));
    }

    [Test]
    public void WorkingTimeBetween_CountsOnlyOpenHours()
    {
        var office = Office();
        Assert.Multiple(() =>
        {
            Assert.That(office.WorkingTimeBetween(Msk("2026-11-27 17:00"), Msk("2026-11-30 10:00")), Is.EqualTo(Duration.FromHours(2)));
            Assert.That(office.WorkingTimeBetween(Msk("2026-11-28 10:00"), Msk("2026-11-29 20:00")), Is.EqualTo(Duration.Zero));
            Assert.That(office.WorkingTimeBetween(Msk("2026-11-30 10:00"), Msk("2026-11-27 17:00")), Is.EqualTo(Duration.Zero));
        });
    }

    [Test]
    public void AddWorkingTime_AndBetween_AreInverse()
    {
        var office = Office(mondayHoliday: true, saturdayWorks: true);
        var from = Msk("2026-11-26 16:20");
        foreach (var minutes in new[] { 1, 100, 539, 540, 541, 2000, 5000 })
        {
            var due = office.AddWorkingTime(from, Duration.FromMinutes(minutes));
            Assert.That(office.WorkingTimeBetween(from, due), Is.EqualTo(Duration.FromMinutes(minutes)), $"{minutes} min");
        }
    }

    [Test]
    public void DstChange_CountsTheHoursThatReallyPass()
    {
        // Berlin, open round the clock: the night of 29 March 2026 has 23 hours, so 24 working hours from Saturday noon
        // end at 13:00 on Sunday, local time.
        var always = new WorkingTimeCalculator(new WorkingHoursSchedule(Berlin, WeeklySchedule.EveryDay("00:00-24:00")));
        var from = new LocalDateTime(2026, 3, 28, 12, 0).InZoneStrictly(Berlin).ToInstant();
        var due = always.AddWorkingTime(from, Duration.FromHours(24));
        Assert.That(due.InZone(Berlin).LocalDateTime, Is.EqualTo(new LocalDateTime(2026, 3, 29, 13, 0)));

        // A window 01:00–04:00 on that day holds only two real hours.
        var night = new WorkingTimeCalculator(new WorkingHoursSchedule(Berlin, WeeklySchedule.EveryDay("01:00-04:00")));
        var dayStart = new LocalDateTime(2026, 3, 29, 0, 0).InZoneStrictly(Berlin).ToInstant();
        Assert.That(night.WorkingTimeBetween(dayStart, dayStart + Duration.FromHours(12)), Is.EqualTo(Duration.FromHours(2)));
    }

    [Test]
    public void WindowsPastMidnight_CountOnce()
    {
        // 22:00–02:00 every day: Monday 23:00 + 4 h = 1 h Monday night, 2 h into Tuesday, then 1 h from Tuesday 22:00.
        var nights = new WorkingTimeCalculator(new WorkingHoursSchedule(Moscow, WeeklySchedule.EveryDay("22:00-02:00")));
        Assert.That(InMsk(nights.AddWorkingTime(Msk("2026-11-23 23:00"), Duration.FromHours(4))), Is.EqualTo("2026-11-24 23:00"));
    }

    [Test]
    public void AClosedSchedule_IsRefused()
    {
        var closed = new WorkingTimeCalculator(new WorkingHoursSchedule(Moscow, WeeklySchedule.Closed));
        Assert.Throws<InvalidOperationException>(() => closed.AddWorkingTime(Msk("2026-11-23 10:00"), Duration.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Office().AddWorkingTime(Msk("2026-11-23 10:00"), Duration.FromHours(-1)));
    }
}
