using GosChat.Domain.Scheduling;
using NodaTime;

namespace GosChat.Domain.Tests.Scheduling;

/// <summary>
/// A schedule keeps its last answer (open or not, and until when) and reuses it for instants it covers: the answers
/// must be those of a schedule asked for the first time, in whatever order instants come (forward, back, across
/// holidays, DST changes and midnight-crossing windows), for critical sessions and the others alike.
/// </summary>
public class KnownStateTests
{
    private static IEnumerable<Func<WorkingHoursSchedule>> Schedules()
    {
        yield return () => new WorkingHoursSchedule(WorkingHoursSchedule.DefaultZone, WeeklySchedule.Default, HolidayCalendar.RussianOfficial);
        yield return () => new WorkingHoursSchedule(WorkingHoursSchedule.DefaultZone, WeeklySchedule.Weekdays("08:00-13:00", "14:00-20:00"),
            HolidayCalendar.RussianOfficial, emergencyOnHolidays: true);
        yield return () => new WorkingHoursSchedule(DateTimeZoneProviders.Tzdb["Europe/Berlin"], WeeklySchedule.EveryDay("22:00-02:30"));
        yield return () => new WorkingHoursSchedule(WorkingHoursSchedule.DefaultZone, WeeklySchedule.EveryDay("00:00-24:00"));
        yield return () => new WorkingHoursSchedule(WorkingHoursSchedule.DefaultZone, WeeklySchedule.Closed);
    }

    [Test]
    public void KeptAnswers_AreThoseOfAFreshSchedule([Range(0, 4)] int which, [Values(1, 2)] int seed)
    {
        var make = Schedules().ElementAt(which);
        var kept = make();
        var random = new Random(seed);
        var at = Instant.FromUtc(2026, 1, 1, 0, 0);
        for (var i = 0; i < 600; i++)
        {
            // Mostly small steps forward (a clock), now and then a jump either way.
            at += random.Next(10) switch
            {
                0 => Duration.FromDays(random.Next(-40, 40)),
                1 => Duration.FromMinutes(-random.Next(1, 600)),
                _ => Duration.FromMinutes(random.Next(0, 240)),
            };
            var critical = random.Next(4) == 0;
            // A new schedule has nothing kept: it works its answers out for this very instant.
            Assert.That(kept.IsOpen(at, critical), Is.EqualTo(make().IsOpen(at, critical)), $"{at} critical={critical}");
            Assert.That(kept.NextChange(at, critical), Is.EqualTo(make().NextChange(at, critical)), $"{at} critical={critical}");
            Assert.That(kept.NextOpening(at, critical), Is.EqualTo(make().NextOpening(at, critical)), $"{at} critical={critical}");
        }
    }

    [Test]
    public void AQueueOpenRoundTheClock_SeesAChangeOnceItComesWithinTheHorizon_AsAFreshScheduleDoes()
    {
        // No change for well over the horizon, then one holiday: a kept "no change" is carried forward day by day, and
        // must give the holiday's closing from the first instant whose horizon reaches it.
        var holiday = new LocalDate(2028, 3, 1);
        WorkingHoursSchedule Make() => new(WorkingHoursSchedule.DefaultZone, WeeklySchedule.EveryDay("00:00-24:00"), new HolidayCalendar([holiday]));
        var kept = Make();
        var closing = holiday.AtStartOfDayInZone(WorkingHoursSchedule.DefaultZone).ToInstant();
        var seen = false;
        for (var at = Instant.FromUtc(2026, 12, 1, 9, 0); at < closing; at += Duration.FromHours(13))
        {
            var expected = Make().NextChange(at);
            Assert.That(kept.NextChange(at), Is.EqualTo(expected), at.ToString());
            Assert.That(kept.IsOpen(at), Is.True, at.ToString());
            seen |= expected == closing;
        }
        Assert.That(seen, Is.True, "the walk reached the instant whose horizon holds the holiday");
    }
}
