using GosChat.Domain.Scheduling;
using NodaTime;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Scheduling;

// Europe/Berlin in 2026: clocks go 02:00 CET -> 03:00 CEST on Sunday 29 March and
// 03:00 CEST -> 02:00 CET on Sunday 25 October. CET = UTC+1, CEST = UTC+2.
public class DaylightSavingTests
{
    private static WorkingHoursSchedule EightToEight =>
        new(Berlin, WeeklySchedule.EveryDay("08:00-20:00"), HolidayCalendar.None);

    [TestCase("2026-03-28 06:59:59", false)] // Saturday, CET: 07:59:59 local
    [TestCase("2026-03-28 07:00:00", true)]  // 08:00 CET
    [TestCase("2026-03-28 18:59:59", true)]  // 19:59:59 CET
    [TestCase("2026-03-28 19:00:00", false)] // 20:00 CET
    [TestCase("2026-03-29 05:59:59", false)] // Sunday, CEST: 07:59:59 local
    [TestCase("2026-03-29 06:00:00", true)]  // 08:00 CEST
    [TestCase("2026-03-29 17:59:59", true)]  // 19:59:59 CEST
    [TestCase("2026-03-29 18:00:00", false)] // 20:00 CEST
    [TestCase("2026-10-24 06:00:00", true)]  // Saturday, 08:00 CEST
    [TestCase("2026-10-24 18:00:00", false)] // 20:00 CEST
    [TestCase("2026-10-25 06:59:59", false)] // Sunday, CET: 07:59:59 local
    [TestCase("2026-10-25 07:00:00", true)]  // 08:00 CET
    [TestCase("2026-10-25 18:59:59", true)]  // 19:59:59 CET
    [TestCase("2026-10-25 19:00:00", false)] // 20:00 CET
    public void EightToEightWindow_FollowsLocalTime_OnBothSidesOfTheChange(string utc, bool open) =>
        Assert.That(EightToEight.IsOpen(Utc(utc)), Is.EqualTo(open));

    [TestCase("2026-03-28 19:00:00", "2026-03-29 06:00:00")]
    [TestCase("2026-03-29 06:00:00", "2026-03-29 18:00:00")]
    [TestCase("2026-10-24 18:00:00", "2026-10-25 07:00:00")]
    [TestCase("2026-10-25 07:00:00", "2026-10-25 19:00:00")]
    public void NextChange_LandsOnLocalEightAndTwenty_AcrossTheChange(string fromUtc, string expectedUtc) =>
        Assert.That(EightToEight.NextChange(Utc(fromUtc)), Is.EqualTo(Utc(expectedUtc)));

    [Test]
    public void WholeDayWindow_LastsTwentyThreeHours_OnTheSpringChangeDay()
    {
        var schedule = new WorkingHoursSchedule(Berlin, WeeklySchedule.Closed.With(IsoDayOfWeek.Sunday, "00:00-24:00"), HolidayCalendar.None);

        var opens = schedule.NextChange(Utc("2026-03-28 12:00:00"));
        var closes = schedule.NextChange(opens!.Value);

        Assert.That(opens, Is.EqualTo(Utc("2026-03-28 23:00:00")));
        Assert.That(closes - opens, Is.EqualTo(Duration.FromHours(23)));
    }

    // 02:30 does not exist on 29 March: the lenient resolver moves it forward by the gap to 03:30 CEST.
    [TestCase("2026-03-29 01:15:00", false)] // 03:15 CEST
    [TestCase("2026-03-29 01:30:00", true)]  // 03:30 CEST
    [TestCase("2026-03-29 01:59:59", true)]
    [TestCase("2026-03-29 02:00:00", false)] // 04:00 CEST
    public void WindowStartingInTheSpringGap_OpensWhenTheGapEnds(string utc, bool open)
    {
        var schedule = new WorkingHoursSchedule(Berlin, WeeklySchedule.Closed.With(IsoDayOfWeek.Sunday, "02:30-04:00"), HolidayCalendar.None);

        Assert.That(schedule.IsOpen(Utc(utc)), Is.EqualTo(open));
    }

    // 02:00-02:30 happens twice on 25 October: the lenient resolver takes the earlier (CEST) occurrence.
    [TestCase("2026-10-24 23:59:59", false)]
    [TestCase("2026-10-25 00:00:00", true)]  // 02:00 CEST
    [TestCase("2026-10-25 00:29:59", true)]
    [TestCase("2026-10-25 00:30:00", false)] // 02:30 CEST
    [TestCase("2026-10-25 01:10:00", false)] // 02:10 CET, the second occurrence
    public void WindowInTheAutumnOverlap_UsesTheEarlierOccurrence(string utc, bool open)
    {
        var schedule = new WorkingHoursSchedule(Berlin, WeeklySchedule.Closed.With(IsoDayOfWeek.Sunday, "02:00-02:30"), HolidayCalendar.None);

        Assert.That(schedule.IsOpen(Utc(utc)), Is.EqualTo(open));
    }
}
