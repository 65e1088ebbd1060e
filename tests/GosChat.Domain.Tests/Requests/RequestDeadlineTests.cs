using GosChat.Domain.Requests;
using GosChat.Domain.Scheduling;
using NodaTime;
using NodaTime.Text;

namespace GosChat.Domain.Tests.Requests;

/// <summary>Request deadlines in working time on the help line's published hours (Mon–Fri 08:00–20:00 Moscow).</summary>
public class RequestDeadlineTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;

    /// <summary>The default schedule's hours on the shipped official calendar, plus the given holidays and worked Saturdays.</summary>
    private static WorkingTimeCalculator HelpLine(string? holiday = null, string? workedSaturday = null)
    {
        var calendar = ScheduleFactory.BuildCalendar(new CalendarOptions
        {
            Holidays = holiday is null ? [] : [holiday],
            WorkingDays = workedSaturday is null ? [] : [workedSaturday],
        });
        return new WorkingTimeCalculator(new WorkingHoursSchedule(Moscow, WeeklySchedule.Weekdays("08:00-20:00"), calendar));
    }

    private static Instant Msk(string local) =>
        LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm").Parse(local).Value.InZoneStrictly(Moscow).ToInstant();

    private static string InMsk(Instant instant) =>
        LocalDateTimePattern.CreateWithInvariantCulture("ddd yyyy-MM-dd HH:mm").Format(instant.InZone(Moscow).LocalDateTime);

    [TestCase("standard", "2026-11-27 19:00", null, null, "Tue 2026-12-01 19:00", TestName = "standard from Friday 19:00: 1 h Friday, 12 Monday, 11 Tuesday")]
    [TestCase("security", "2026-11-27 19:00", null, null, "Mon 2026-11-30 11:00", TestName = "security (4 h) from Friday 19:00: Monday 11:00")]
    [TestCase("form", "2026-11-27 19:00", null, null, "Thu 2026-12-03 19:00", TestName = "form (48 h) from Friday 19:00: Thursday 19:00")]
    [TestCase("tech24", "2026-11-27 19:00", null, null, "Tue 2026-12-01 19:00", TestName = "tech24 as standard")]
    [TestCase("tech48", "2026-11-25 10:00", null, null, "Tue 2026-12-01 10:00", TestName = "tech48 from Wednesday 10:00: over the weekend to Tuesday 10:00")]
    [TestCase("tech72", "2026-11-27 19:00", null, null, "Mon 2026-12-07 19:00", TestName = "tech72 from Friday 19:00: a whole week and Monday")]
    [TestCase("complaint", "2026-11-27 19:00", null, null, "Fri 2026-12-04 20:00", TestName = "complaint (5 working days) from Friday: the close of the next Friday")]
    [TestCase("standard", "2026-11-28 12:00", null, null, "Tue 2026-12-01 20:00", TestName = "opened on a Saturday: counted from Monday 08:00, due at Tuesday's close")]
    [TestCase("standard", "2026-11-27 19:00", "2026-11-30", null, "Wed 2026-12-02 19:00", TestName = "a configured holiday Monday: a day later")]
    [TestCase("complaint", "2026-11-27 19:00", "2026-11-30", null, "Mon 2026-12-07 20:00", TestName = "complaint with a holiday Monday: the close of the Monday after")]
    [TestCase("standard", "2026-11-27 19:00", null, "2026-11-28", "Mon 2026-11-30 19:00", TestName = "Saturday worked (a transferred day): a day sooner")]
    [TestCase("standard", "2026-12-30 19:00", null, null, "Tue 2027-01-12 19:00", TestName = "over the official New Year holidays (31 Dec 2026 to 8 Jan 2027)")]
    [TestCase("complaint", "2026-12-30 19:00", null, null, "Fri 2027-01-15 20:00", TestName = "complaint over the New Year holidays")]
    [TestCase("standard", "2026-11-03 19:00", null, null, "Fri 2026-11-06 19:00", TestName = "over the official 4 November holiday")]
    public void DueAt_CountsWorkingTime(string deadlineClass, string opened, string? holiday, string? workedSaturday, string expected)
    {
        var due = DeadlineClass.Parse(deadlineClass).DueAt(HelpLine(holiday, workedSaturday), Msk(opened));
        Assert.That(InMsk(due), Is.EqualTo(expected));
    }

    [Test]
    public void Parse_KnowsTheSevenClasses_DefaultsToStandard_AndRefusesOthers()
    {
        Assert.That(DeadlineClass.All.Select(c => c.Name),
            Is.EqualTo(new[] { "standard", "security", "form", "complaint", "tech24", "tech48", "tech72" }));
        Assert.That(DeadlineClass.Parse(null), Is.SameAs(DeadlineClass.Standard));
        foreach (var bad in new[] { "", "Standard", "tech96", "24h" })
            Support.Refused.By(DomainErrorKind.BadRequest, () => DeadlineClass.Parse(bad), ErrorCodes.BadDeadlineClass);
    }
}
