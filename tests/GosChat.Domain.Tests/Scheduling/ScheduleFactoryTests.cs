using GosChat.Domain.Scheduling;
using NodaTime;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Scheduling;

public class ScheduleFactoryTests
{
    private static readonly HolidayCalendar Calendar = HolidayCalendar.RussianOfficial;

    [Test]
    public void NoSettings_GiveMondayToFridayEightToEightInMoscow_WithTheOfficialCalendar()
    {
        var zone = ScheduleFactory.ResolveZone(null);
        var schedules = ScheduleFactory.BuildQueueSchedules(null, zone, ScheduleFactory.BuildCalendar(null));

        Assert.That(schedules.Keys, Is.EquivalentTo(new[] { "101", "102", "103", "104", "106" }));
        Assert.That(zone.Id, Is.EqualTo("Europe/Moscow"));
        foreach (var schedule in schedules.Where(p => p.Key != "106").Select(p => p.Value))
        {
            Assert.That(schedule.Weekly.ToString(), Is.EqualTo(WeeklySchedule.Default.ToString()));
            Assert.That(schedule.IsOpen(Msk("2026-11-23 08:00")), Is.True);
            Assert.That(schedule.IsOpen(Msk("2026-11-04 12:00")), Is.False);
            Assert.That(schedule.EmergencyOnHolidays, Is.False);
        }
    }

    [TestCase("2026-11-28 08:00", true, TestName = "LegalLine_Default_Saturday0800_Open")]
    [TestCase("2026-11-29 19:59", true, TestName = "LegalLine_Default_Sunday1959_Open")]
    [TestCase("2026-11-29 20:00", false, TestName = "LegalLine_Default_Sunday2000_Closed")]
    [TestCase("2026-11-23 07:59", false, TestName = "LegalLine_Default_Monday0759_Closed")]
    [TestCase("2026-11-04 12:00", false, TestName = "LegalLine_Default_OfficialHoliday_Closed")]
    public void NoSettings_GiveTheLegalLineItsPublishedHours_EveryDayEightToEight(string local, bool open)
    {
        var hours = ScheduleFactory.BuildAllQueueHours(null, Moscow, ScheduleFactory.BuildCalendar(null))["106"];

        Assert.That(hours.Chat.Weekly.ToString(), Is.EqualTo(WeeklySchedule.EveryDay("08:00-20:00").ToString()));
        Assert.That(hours.Chat.IsOpen(Msk(local)), Is.EqualTo(open));
        Assert.That(hours.Phone.IsOpen(Msk(local)), Is.EqualTo(open), "the phone keeps the chat's hours");
    }

    [Test]
    public void ConfiguredDays_ReplaceTheDefault_AndDaysLeftOutAreClosed()
    {
        var options = new QueueScheduleOptions
        {
            Schedule =
            {
                ["monday"] = ["09:00-20:00"],
                ["Tuesday"] = ["09:00-20:00"],
                ["Wednesday"] = ["09:00-13:00", "14:00-20:00"],
                ["Saturday"] = ["10:00-18:00"],
                ["Sunday"] = [],
                ["Friday"] = ["closed"],
            },
        };

        var schedule = ScheduleFactory.BuildQueueSchedule("102", options, Moscow, Calendar);

        Assert.That(schedule.Weekly.ToString(), Is.EqualTo(
            "Mon 09:00-20:00; Tue 09:00-20:00; Wed 09:00-13:00, 14:00-20:00; Thu closed; Fri closed; Sat 10:00-18:00; Sun closed"));
    }

    [Test]
    public void EmergencySettings_AreRead()
    {
        var options = new QueueScheduleOptions { EmergencyOnHolidays = true, EmergencyWindows = ["10:00-16:00"] };

        var schedule = ScheduleFactory.BuildQueueSchedule("101", options, Moscow, Calendar);

        Assert.That(schedule.IsOpen(Msk("2026-11-04 10:00"), critical: true), Is.True);
        Assert.That(schedule.IsOpen(Msk("2026-11-04 09:00"), critical: true), Is.False);
        Assert.That(schedule.IsOpen(Msk("2026-11-04 10:00")), Is.False);
    }

    [Test]
    public void EmergencyWindows_DefaultToEightToEight()
    {
        var schedule = ScheduleFactory.BuildQueueSchedule("101", new QueueScheduleOptions { EmergencyOnHolidays = true }, Moscow, Calendar);

        Assert.That(schedule.EmergencyWindows.Select(w => w.ToString()), Is.EqualTo(new[] { "08:00-20:00" }));
    }

    [Test]
    public void CalendarSettings_AddHolidaysAndWorkingDays()
    {
        var options = new CalendarOptions
        {
            Holidays = ["2026-11-23", ""],
            WorkingDays = ["2026-11-28", "2026-12-05=Friday", "2026-11-04"],
        };

        var calendar = ScheduleFactory.BuildCalendar(options);

        Assert.That(calendar.Classify(Date("2026-11-23")).Kind, Is.EqualTo(DayKind.Holiday));
        Assert.That(calendar.Classify(Date("2026-11-28")), Is.EqualTo(new CalendarDay(Date("2026-11-28"), DayKind.TransferredWorkingDay, IsoDayOfWeek.Monday)));
        Assert.That(calendar.Classify(Date("2026-12-05")).ScheduleDay, Is.EqualTo(IsoDayOfWeek.Friday));
        Assert.That(calendar.Classify(Date("2026-11-04")).ScheduleDay, Is.EqualTo(IsoDayOfWeek.Wednesday));
        Assert.That(calendar.IsHoliday(Date("2026-01-05")), Is.True);
    }

    [Test]
    public void WorkingDaySchedule_ChoosesTheWeekdayAWorkedWeekendFollows()
    {
        var calendar = ScheduleFactory.BuildCalendar(new CalendarOptions { WorkingDays = ["2026-11-28"], WorkingDaySchedule = "friday" });

        Assert.That(calendar.Classify(Date("2026-11-28")).ScheduleDay, Is.EqualTo(IsoDayOfWeek.Friday));
    }

    [Test]
    public void OfficialCalendar_CanBeSwitchedOff()
    {
        var calendar = ScheduleFactory.BuildCalendar(new CalendarOptions { UseOfficialCalendar = false, Holidays = ["2026-11-23"] });

        Assert.That(calendar.IsHoliday(Date("2026-01-05")), Is.False);
        Assert.That(calendar.IsHoliday(Date("2026-11-23")), Is.True);
    }

    [Test]
    public void TimeZone_IsReadFromItsKey() =>
        Assert.That(ScheduleFactory.ResolveZone(" Asia/Yekaterinburg ").Id, Is.EqualTo("Asia/Yekaterinburg"));

    private static IEnumerable<TestCaseData> BadSettings()
    {
        yield return Case("bad zone", () => ScheduleFactory.ResolveZone("Moscow/Kremlin"), "GosChat:TimeZone");
        yield return Case("bad window", () => Queue(new() { Schedule = { ["Monday"] = ["08:00-20:00", "8-20"] } }),
            "GosChat:Queues:101:Schedule:Monday:1");
        yield return Case("bad day", () => Queue(new() { Schedule = { ["Mondya"] = ["08:00-20:00"] } }),
            "GosChat:Queues:101:Schedule:Mondya");
        yield return Case("numeric day", () => Queue(new() { Schedule = { ["1"] = ["08:00-20:00"] } }),
            "GosChat:Queues:101:Schedule:1");
        yield return Case("bad emergency window", () => Queue(new() { EmergencyWindows = ["10:00-10:00"] }),
            "GosChat:Queues:101:EmergencyWindows:0");
        yield return Case("bad holiday", () => ScheduleFactory.BuildCalendar(new() { Holidays = ["2026-11-21", "21.11.2026"] }),
            "GosChat:Calendar:Holidays:1");
        yield return Case("bad working day", () => ScheduleFactory.BuildCalendar(new() { WorkingDays = ["2026-02-30"] }),
            "GosChat:Calendar:WorkingDays:0");
        yield return Case("bad working day weekday", () => ScheduleFactory.BuildCalendar(new() { WorkingDays = ["2026-11-28=Funday"] }),
            "GosChat:Calendar:WorkingDays:0");
        yield return Case("holiday and working day", () => ScheduleFactory.BuildCalendar(new() { Holidays = ["2026-11-28"], WorkingDays = ["2026-11-28"] }),
            "GosChat:Calendar:WorkingDays:0");
        yield return Case("bad working day schedule", () => ScheduleFactory.BuildCalendar(new() { WorkingDaySchedule = "Mon" }),
            "GosChat:Calendar:WorkingDaySchedule");
        yield return Case("unknown queue", () => ScheduleFactory.BuildQueueSchedules(
                new Dictionary<string, QueueScheduleOptions> { ["105"] = new() }, Moscow, Calendar),
            "GosChat:Queues:105");
        yield return Case("bad language window", () => ScheduleFactory.BuildLanguages(
                new Dictionary<string, LanguageOptions> { ["tt"] = new() { Schedule = { ["Sunday"] = ["x"] } } }, Moscow),
            "GosChat:Languages:tt:Schedule:Sunday:0");

        static TestCaseData Case(string name, Action build, string key) => new TestCaseData(build, key).SetName($"BadSetting_NamesItsKey({name})");

        static void Queue(QueueScheduleOptions options) => ScheduleFactory.BuildQueueSchedule("101", options, Moscow, Calendar);
    }

    [TestCaseSource(nameof(BadSettings))]
    public void BadSetting_NamesItsKey(Action build, string key)
    {
        var error = Assert.Throws<ScheduleConfigurationException>(() => build());

        Assert.That(error!.Key, Is.EqualTo(key));
        Assert.That(error.Message, Does.StartWith($"Configuration '{key}': "));
    }

    [Test]
    public void Languages_DefaultToTatarAndBashkirEightToEight_AndConfiguredOnesReplaceThem()
    {
        var defaults = ScheduleFactory.BuildLanguages(null, Moscow);
        Assert.That(defaults.RestrictedLanguages, Is.EquivalentTo(new[] { "tt", "ba" }));

        var configured = ScheduleFactory.BuildLanguages(
            new Dictionary<string, LanguageOptions>
            {
                ["tt"] = new() { Schedule = { ["Monday"] = ["10:00-18:00"] } },
                ["en"] = new(),
            },
            Moscow);

        Assert.That(configured.RestrictedLanguages, Is.EquivalentTo(new[] { "tt", "ba" }));
        Assert.That(configured.IsAvailable("tt", Msk("2026-11-23 09:00")), Is.False);
        Assert.That(configured.IsAvailable("tt", Msk("2026-11-24 12:00")), Is.False);
        Assert.That(configured.IsAvailable("ba", Msk("2026-11-24 12:00")), Is.True);
        Assert.That(configured.IsAvailable("en", Msk("2026-11-24 03:00")), Is.True);
    }
}
