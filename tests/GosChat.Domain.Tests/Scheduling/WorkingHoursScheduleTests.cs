using GosChat.Domain.Scheduling;
using GosChat.TestSupport;
using NodaTime;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Scheduling;

// Dates: 2026-11-18 is a Wednesday, 2026-11-20 a Friday, 2026-11-21/22 a weekend, 2026-11-23 a Monday.
public class WorkingHoursScheduleTests
{
    private static WorkingHoursSchedule Default => WorkingHoursSchedule.Default;

    private static WorkingHoursSchedule Plain(WeeklySchedule weekly, HolidayCalendar? calendar = null) =>
        new(Moscow, weekly, calendar ?? HolidayCalendar.None);

    [TestCase("2026-11-18 00:00:00", false)]
    [TestCase("2026-11-18 07:59:59", false)]
    [TestCase("2026-11-18 08:00:00", true)]
    [TestCase("2026-11-18 12:00:00", true)]
    [TestCase("2026-11-18 19:59:59", true)]
    [TestCase("2026-11-18 20:00:00", false)]
    [TestCase("2026-11-18 23:59:59", false)]
    [TestCase("2026-11-20 19:59:59", true)]
    [TestCase("2026-11-21 12:00:00", false)]
    [TestCase("2026-11-22 12:00:00", false)]
    [TestCase("2026-11-23 08:00:00", true)]
    public void IsOpen_FollowsDefaultWeekdayHours_InMoscowTime(string local, bool open) =>
        Assert.That(Default.IsOpen(Msk(local)), Is.EqualTo(open));

    [Test]
    public void IsOpen_IsFalse_AtEightPmSharp() =>
        Assert.That(Default.IsOpen(Msk("2026-11-18 20:00")), Is.False);

    [Test]
    public void IsOpen_WorksWithAnInjectedClock()
    {
        var clock = new FakeClock(Msk("2026-11-18 07:59:59"));
        Assert.That(Default.IsOpen(clock.GetCurrentInstant()), Is.False);

        clock.AdvanceSeconds(1);
        Assert.That(Default.IsOpen(clock.GetCurrentInstant()), Is.True);
    }

    [TestCase("2026-11-20 19:00", "2026-11-20 20:00")]
    [TestCase("2026-11-20 20:00", "2026-11-23 08:00")]
    [TestCase("2026-11-20 23:30", "2026-11-23 08:00")]
    [TestCase("2026-11-21 12:00", "2026-11-23 08:00")]
    [TestCase("2026-11-23 08:00", "2026-11-23 20:00")]
    [TestCase("2026-11-18 06:00", "2026-11-18 08:00")]
    public void NextChange_CrossesTheWeekend(string from, string expected) =>
        Assert.That(ShowMsk(Default.NextChange(Msk(from))), Is.EqualTo(expected + ":00"));

    [TestCase("2026-11-20 10:00", "2026-11-20 10:00")]
    [TestCase("2026-11-20 20:00", "2026-11-23 08:00")]
    [TestCase("2026-11-22 23:59", "2026-11-23 08:00")]
    public void NextOpening_IsNowWhenOpen_OtherwiseTheNextOpening(string from, string expected) =>
        Assert.That(ShowMsk(Default.NextOpening(Msk(from))), Is.EqualTo(expected + ":00"));

    [Test]
    public void ConfiguredHolidayOnAMonday_IsClosed_AndNextChangeIsTuesdayMorning()
    {
        var calendar = HolidayCalendar.RussianOfficial.WithHolidays([Date("2026-11-23")]);
        var schedule = Plain(WeeklySchedule.Default, calendar);

        Assert.That(schedule.IsOpen(Msk("2026-11-23 12:00")), Is.False);
        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-20 20:00"))), Is.EqualTo("2026-11-24 08:00:00"));
        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-23 12:00"))), Is.EqualTo("2026-11-24 08:00:00"));
    }

    [TestCase("2026-11-28 07:59", false)]
    [TestCase("2026-11-28 08:00", true)]
    [TestCase("2026-11-28 19:59", true)]
    [TestCase("2026-11-28 20:00", false)]
    [TestCase("2026-11-29 12:00", false)]
    public void TransferredWorkingSaturday_IsOpenLikeAWeekday(string local, bool open)
    {
        var calendar = HolidayCalendar.None.WithWorkingDays([new TransferredWorkingDay(Date("2026-11-28"), IsoDayOfWeek.Monday)]);

        Assert.That(Plain(WeeklySchedule.Default, calendar).IsOpen(Msk(local)), Is.EqualTo(open));
    }

    [Test]
    public void TransferredWorkingSaturday_UsesTheWindowsOfTheWeekdayItWorksAs()
    {
        var weekly = WeeklySchedule.Default.With(IsoDayOfWeek.Friday, "08:00-17:00");
        var calendar = HolidayCalendar.None.WithWorkingDays([new TransferredWorkingDay(Date("2026-11-28"), IsoDayOfWeek.Friday)]);
        var schedule = Plain(weekly, calendar);

        Assert.That(schedule.IsOpen(Msk("2026-11-28 16:59")), Is.True);
        Assert.That(schedule.IsOpen(Msk("2026-11-28 17:00")), Is.False);
        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-27 17:00"))), Is.EqualTo("2026-11-28 08:00:00"));
    }

    [Test]
    public void WorkingDay_OverridesAShippedHoliday()
    {
        var calendar = HolidayCalendar.RussianOfficial.WithWorkingDays([new TransferredWorkingDay(Date("2026-11-04"), IsoDayOfWeek.Wednesday)]);

        Assert.That(Plain(WeeklySchedule.Default, calendar).IsOpen(Msk("2026-11-04 12:00")), Is.True);
    }

    // Monday 22:00-02:00: open from Monday evening into Tuesday night.
    [TestCase("2026-11-23 21:59:59", false)]
    [TestCase("2026-11-23 22:00:00", true)]
    [TestCase("2026-11-23 23:59:59", true)]
    [TestCase("2026-11-24 00:00:00", true)]
    [TestCase("2026-11-24 01:59:59", true)]
    [TestCase("2026-11-24 02:00:00", false)]
    [TestCase("2026-11-24 23:00:00", false)]
    public void WindowAcrossMidnight_IsOpenUntilItsEndOnTheNextDay(string local, bool open)
    {
        var schedule = Plain(WeeklySchedule.Closed.With(IsoDayOfWeek.Monday, "22:00-02:00"));

        Assert.That(schedule.IsOpen(Msk(local)), Is.EqualTo(open));
    }

    [TestCase("2026-11-23 21:00", "2026-11-23 22:00")]
    [TestCase("2026-11-23 23:00", "2026-11-24 02:00")]
    [TestCase("2026-11-24 01:00", "2026-11-24 02:00")]
    [TestCase("2026-11-24 02:00", "2026-11-30 22:00")]
    public void NextChange_FindsTheEndOfAWindowAcrossMidnight(string from, string expected)
    {
        var schedule = Plain(WeeklySchedule.Closed.With(IsoDayOfWeek.Monday, "22:00-02:00"));

        Assert.That(ShowMsk(schedule.NextChange(Msk(from))), Is.EqualTo(expected + ":00"));
    }

    [Test]
    public void WindowAcrossMidnight_BelongsToTheDayItStarts_EvenIfTheNextDayIsAHoliday()
    {
        var calendar = HolidayCalendar.None.WithHolidays([Date("2026-11-24")]);
        var schedule = Plain(WeeklySchedule.EveryDay("22:00-02:00"), calendar);

        Assert.That(schedule.IsOpen(Msk("2026-11-24 01:00")), Is.True);
        Assert.That(schedule.IsOpen(Msk("2026-11-24 23:00")), Is.False);
        Assert.That(schedule.IsOpen(Msk("2026-11-25 01:00")), Is.False);
    }

    [Test]
    public void NextChange_DoesNotStopAtMidnight_WhenWindowsMeetThere()
    {
        var weekly = WeeklySchedule.Closed
            .With(IsoDayOfWeek.Monday, "20:00-24:00")
            .With(IsoDayOfWeek.Tuesday, "00:00-08:00");
        var schedule = Plain(weekly);

        Assert.That(schedule.IsOpen(Msk("2026-11-24 00:00")), Is.True);
        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-23 21:00"))), Is.EqualTo("2026-11-24 08:00:00"));
    }

    [TestCase("2026-11-23 07:59", false, "2026-11-23 08:00")]
    [TestCase("2026-11-23 10:00", true, "2026-11-23 12:00")]
    [TestCase("2026-11-23 12:00", false, "2026-11-23 13:00")]
    [TestCase("2026-11-23 12:30", false, "2026-11-23 13:00")]
    [TestCase("2026-11-23 13:00", true, "2026-11-23 17:00")]
    [TestCase("2026-11-23 17:00", false, "2026-11-24 08:00")]
    public void SeveralWindowsPerDay_OpenAndCloseInTurn(string from, bool open, string next)
    {
        var schedule = Plain(WeeklySchedule.Weekdays("13:00-17:00", "08:00-12:00"));

        Assert.That(schedule.IsOpen(Msk(from)), Is.EqualTo(open));
        Assert.That(ShowMsk(schedule.NextChange(Msk(from))), Is.EqualTo(next + ":00"));
    }

    [Test]
    public void OverlappingWindows_CountAsOneStretch()
    {
        var schedule = Plain(WeeklySchedule.Weekdays("08:00-12:00", "11:00-14:00"));

        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-23 09:00"))), Is.EqualTo("2026-11-23 14:00:00"));
    }

    // Hotline variant: Monday-Friday 09:00-20:00, Saturday 10:00-18:00, Sunday closed.
    [TestCase("2026-11-23 08:59", false)]
    [TestCase("2026-11-23 09:00", true)]
    [TestCase("2026-11-23 19:59", true)]
    [TestCase("2026-11-23 20:00", false)]
    [TestCase("2026-11-21 09:59", false)]
    [TestCase("2026-11-21 10:00", true)]
    [TestCase("2026-11-21 17:59", true)]
    [TestCase("2026-11-21 18:00", false)]
    [TestCase("2026-11-22 12:00", false)]
    public void HotlineSchedule_IncludesSaturdayHours(string local, bool open)
    {
        var weekly = WeeklySchedule.Weekdays("09:00-20:00").With(IsoDayOfWeek.Saturday, "10:00-18:00");

        Assert.That(Plain(weekly).IsOpen(Msk(local)), Is.EqualTo(open));
    }

    [Test]
    public void HotlineSchedule_NextChangeFromSaturdayEvening_IsMondayNine()
    {
        var weekly = WeeklySchedule.Weekdays("09:00-20:00").With(IsoDayOfWeek.Saturday, "10:00-18:00");

        Assert.That(ShowMsk(Plain(weekly).NextChange(Msk("2026-11-21 18:00"))), Is.EqualTo("2026-11-23 09:00:00"));
    }

    [Test]
    public void HotlineSchedule_IsClosedOnAHolidaySaturday()
    {
        // 9 May 2026 is a Saturday and an official holiday.
        var weekly = WeeklySchedule.Weekdays("09:00-20:00").With(IsoDayOfWeek.Saturday, "10:00-18:00");

        Assert.That(Plain(weekly, HolidayCalendar.RussianOfficial).IsOpen(Msk("2026-05-09 12:00")), Is.False);
        Assert.That(Plain(weekly, HolidayCalendar.RussianOfficial).IsOpen(Msk("2026-05-16 12:00")), Is.True);
    }

    // Legal consultations: 08:00-20:00 every day.
    [TestCase("2026-11-21 08:00", true)]
    [TestCase("2026-11-22 19:59", true)]
    [TestCase("2026-11-22 20:00", false)]
    [TestCase("2026-11-04 12:00", false)]
    public void EveryDaySchedule_IsOpenAtWeekends_ButNotOnHolidays(string local, bool open)
    {
        var schedule = Plain(WeeklySchedule.EveryDay("08:00-20:00"), HolidayCalendar.RussianOfficial);

        Assert.That(schedule.IsOpen(Msk(local)), Is.EqualTo(open));
    }

    // Technical support: 09:00-21:00.
    [TestCase("2026-11-23 08:59", false)]
    [TestCase("2026-11-23 09:00", true)]
    [TestCase("2026-11-23 20:59", true)]
    [TestCase("2026-11-23 21:00", false)]
    public void TechnicalSupportSchedule_RunsNineToNine(string local, bool open) =>
        Assert.That(Plain(WeeklySchedule.Weekdays("09:00-21:00")).IsOpen(Msk(local)), Is.EqualTo(open));

    // 4 November 2026 (Wednesday) is an official holiday.
    [TestCase("2026-11-04 12:00", true, true)]
    [TestCase("2026-11-04 12:00", false, false)]
    [TestCase("2026-11-04 07:59", true, false)]
    [TestCase("2026-11-04 20:00", true, false)]
    [TestCase("2026-11-05 12:00", false, true)]
    [TestCase("2026-11-05 12:00", true, true)]
    public void EmergencyMode_OnAHoliday_OpensForCriticalSessionsOnly(string local, bool critical, bool open)
    {
        var schedule = new WorkingHoursSchedule(Moscow, WeeklySchedule.Default, HolidayCalendar.RussianOfficial, emergencyOnHolidays: true);

        Assert.That(schedule.IsOpen(Msk(local), critical), Is.EqualTo(open));
    }

    [Test]
    public void EmergencyMode_UsesItsOwnWindows_AndNextChangeDependsOnCriticality()
    {
        var schedule = new WorkingHoursSchedule(
            Moscow, WeeklySchedule.Default, HolidayCalendar.RussianOfficial, true, [TimeWindow.Parse("10:00-16:00")]);

        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-03 20:00"), critical: true)), Is.EqualTo("2026-11-04 10:00:00"));
        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-04 10:00"), critical: true)), Is.EqualTo("2026-11-04 16:00:00"));
        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-03 20:00"))), Is.EqualTo("2026-11-05 08:00:00"));
    }

    [Test]
    public void WithoutEmergencyMode_CriticalSessionsAreClosedOnHolidaysToo() =>
        Assert.That(Default.IsOpen(Msk("2026-11-04 12:00"), critical: true), Is.False);

    [Test]
    public void CriticalSessions_FollowTheNormalHoursOnOrdinaryDays()
    {
        var schedule = new WorkingHoursSchedule(Moscow, WeeklySchedule.Default, HolidayCalendar.RussianOfficial, emergencyOnHolidays: true);

        Assert.That(schedule.IsOpen(Msk("2026-11-21 12:00"), critical: true), Is.False);
        Assert.That(schedule.IsOpen(Msk("2026-11-23 12:00"), critical: true), Is.True);
    }

    [Test]
    public void NextChange_IsNull_WhenNeverOpen() =>
        Assert.That(Plain(WeeklySchedule.Closed).NextChange(Msk("2026-11-23 12:00")), Is.Null);

    [Test]
    public void NextChange_IsNull_WhenAlwaysOpen()
    {
        var schedule = Plain(WeeklySchedule.EveryDay("00:00-24:00"));

        Assert.That(schedule.IsOpen(Msk("2026-11-23 00:00")), Is.True);
        Assert.That(schedule.NextChange(Msk("2026-11-23 12:00")), Is.Null);
    }

    [TestCase("2027-09-06", "2027-09-06 08:00:00")]
    [TestCase("2028-06-01", "null")]
    public void NextChange_LooksAheadAbout400Days_ForARareOpening(string onlyOpenDate, string expected)
    {
        // Closed every day; the one holiday opens for critical sessions in emergency mode.
        var calendar = HolidayCalendar.None.WithHolidays([Date(onlyOpenDate)]);
        var schedule = new WorkingHoursSchedule(Moscow, WeeklySchedule.Closed, calendar, emergencyOnHolidays: true);

        Assert.That(ShowMsk(schedule.NextChange(Msk("2026-11-25 12:00"), critical: true)), Is.EqualTo(expected));
    }

    [Test]
    public void WindowsOn_ShowsTheWindowsThatApplyToADate()
    {
        var schedule = new WorkingHoursSchedule(Moscow, WeeklySchedule.Default, HolidayCalendar.RussianOfficial, emergencyOnHolidays: true);

        Assert.That(schedule.WindowsOn(Date("2026-11-23")).Select(w => w.ToString()), Is.EqualTo(new[] { "08:00-20:00" }));
        Assert.That(schedule.WindowsOn(Date("2026-11-22")), Is.Empty);
        Assert.That(schedule.WindowsOn(Date("2026-11-04")), Is.Empty);
        Assert.That(schedule.WindowsOn(Date("2026-11-04"), critical: true).Select(w => w.ToString()), Is.EqualTo(new[] { "08:00-20:00" }));
    }
}
