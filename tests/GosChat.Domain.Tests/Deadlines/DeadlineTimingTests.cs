using GosChat.Domain.Deadlines;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using NodaTime;
using NodaTime.Text;

namespace GosChat.Domain.Tests.Deadlines;

/// <summary>
/// The call-answer deadline counts working time on the queue's phone schedule (Mon–Fri 08:00–20:00 Moscow on the official
/// calendar; queue 102's phone line 09:00–20:00); chat deadlines, the overload confirmation and calls taken outside
/// ordinary hours (emergency mode on a holiday) count wall time.
/// </summary>
public class DeadlineTimingTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];

    private static readonly WorkingHoursSchedule HelpLine = new(Moscow, WeeklySchedule.Weekdays("08:00-20:00"), HolidayCalendar.RussianOfficial,
        emergencyOnHolidays: true);

    private static readonly WorkingHoursSchedule Hotline102 = new(Moscow, WeeklySchedule.Weekdays("09:00-20:00"), HolidayCalendar.RussianOfficial);

    private static readonly DeadlineTiming Timing = new(new DeadlineOptions(), queue => queue == "102" ? Hotline102 : HelpLine);

    private static Instant Msk(string local) =>
        LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm:ss").Parse(local).Value.InZoneStrictly(Moscow).ToInstant();

    private static string InMsk(Instant instant) =>
        LocalDateTimePattern.CreateWithInvariantCulture("ddd yyyy-MM-dd HH:mm:ss").Format(instant.InZone(Moscow).LocalDateTime);

    private static Session Call(string queue = "101", bool critical = false) =>
        new() { Id = "c1", Ticket = "300000001", Queue = queue, Channel = Channel.Call, Critical = critical };

    [TestCase("101", "2026-11-23 10:00:00", "Mon 2026-11-23 10:03:45", "Mon 2026-11-23 10:05:00", TestName = "inside hours at 10:00: due 10:05")]
    [TestCase("101", "2026-11-23 19:58:00", "Tue 2026-11-24 08:01:45", "Tue 2026-11-24 08:03:00", TestName = "at 19:58 with hours ending 20:00: 3 minutes after the next opening")]
    [TestCase("101", "2026-11-23 19:55:00", "Mon 2026-11-23 19:58:45", "Mon 2026-11-23 20:00:00", TestName = "running out exactly at closing: due at closing")]
    [TestCase("101", "2026-11-27 19:58:00", "Mon 2026-11-30 08:01:45", "Mon 2026-11-30 08:03:00", TestName = "Friday 19:58: Monday 08:03")]
    [TestCase("101", "2026-12-30 19:58:00", "Mon 2027-01-11 08:01:45", "Mon 2027-01-11 08:03:00", TestName = "before the New Year holidays: the first working day of January")]
    [TestCase("102", "2026-11-23 19:58:00", "Tue 2026-11-24 09:01:45", "Tue 2026-11-24 09:03:00", TestName = "the queue's own phone hours (09:00-20:00)")]
    public void CallAnswer_CountsWorkingTime_OnThePhoneSchedule(string queue, string queuedAt, string warnAt, string dueAt)
    {
        var times = Timing.For(Call(queue), DeadlineKind.Answer, Msk(queuedAt));
        Assert.That((InMsk(times.WarnAt), InMsk(times.DueAt)), Is.EqualTo((warnAt, dueAt)));
    }

    [TestCase("2026-11-04 12:00:00", "Wed 2026-11-04 12:05:00", TestName = "a critical call on a holiday in emergency mode: wall time")]
    [TestCase("2026-11-04 19:58:00", "Wed 2026-11-04 20:03:00", TestName = "a critical call on a holiday just before the emergency window closes: wall time")]
    public void CallTakenOutsideOrdinaryHours_CountsWallTime(string queuedAt, string dueAt)
    {
        var times = Timing.For(Call(critical: true), DeadlineKind.Answer, Msk(queuedAt));
        Assert.That(InMsk(times.DueAt), Is.EqualTo(dueAt));
    }

    [TestCase(DeadlineKind.FirstResponse, "Mon 2026-11-23 20:01:00")]
    [TestCase(DeadlineKind.Resolution, "Mon 2026-11-23 20:29:00")]
    [TestCase(DeadlineKind.CallbackConfirmation, "Mon 2026-11-23 20:14:00")]
    public void OtherDeadlines_KeepWallTime(DeadlineKind kind, string dueAt)
    {
        var session = kind == DeadlineKind.CallbackConfirmation ? Call() : new Session { Id = "s1", Ticket = "300000002", Queue = "101" };
        var times = Timing.For(session, kind, Msk("2026-11-23 19:59:00"));
        Assert.That(InMsk(times.DueAt), Is.EqualTo(dueAt));
    }

    [Test]
    public void WithoutAPhoneCalendar_TheCallAnswerIsWallTime()
    {
        var times = new DeadlineTiming(new DeadlineOptions()).For(Call(), DeadlineKind.Answer, Msk("2026-11-23 19:58:00"));
        Assert.That(InMsk(times.DueAt), Is.EqualTo("Mon 2026-11-23 20:03:00"));
    }
}
