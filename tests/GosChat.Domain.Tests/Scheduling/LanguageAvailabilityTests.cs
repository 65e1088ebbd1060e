using GosChat.Domain.Scheduling;
using NodaTime;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Scheduling;

public class LanguageAvailabilityTests
{
    // A queue open longer than the Tatar and Bashkir window: weekdays 07:00-22:00.
    private static readonly WorkingHoursSchedule LongQueue =
        new(Moscow, WeeklySchedule.Weekdays("07:00-22:00"), HolidayCalendar.RussianOfficial);

    private static readonly LanguageAvailability Languages = LanguageAvailability.Default();

    [TestCase("ru", "2026-11-23 07:30", true)]
    [TestCase("en", "2026-11-23 07:30", true)]
    [TestCase("tt", "2026-11-23 07:30", false)]
    [TestCase("ba", "2026-11-23 07:59", false)]
    [TestCase("tt", "2026-11-23 08:00", true)]
    [TestCase("BA", "2026-11-23 19:59", true)]
    [TestCase("tt", "2026-11-23 20:00", false)]
    [TestCase("ru", "2026-11-23 21:59", true)]
    [TestCase(null, "2026-11-23 21:59", true)]
    [TestCase("en", "2026-11-23 22:00", false)]
    [TestCase("tt", "2026-11-21 12:00", false)] // queue closed on Saturday although the language window is open
    [TestCase("en", "2026-11-04 12:00", false)] // queue closed on a holiday
    public void IsServiceable_NeedsTheQueueAndTheLanguageWindowOpen(string? language, string local, bool serviceable) =>
        Assert.That(Languages.IsServiceable(LongQueue, language, Msk(local)), Is.EqualTo(serviceable));

    [TestCase("tt", "2026-11-23 07:00", "2026-11-23 08:00")]
    [TestCase("ru", "2026-11-23 06:00", "2026-11-23 07:00")]
    [TestCase("tt", "2026-11-20 20:30", "2026-11-23 08:00")]
    [TestCase("en", "2026-11-20 22:30", "2026-11-23 07:00")]
    [TestCase("ba", "2026-11-03 21:00", "2026-11-05 08:00")]
    [TestCase("tt", "2026-11-23 12:00", "2026-11-23 12:00")]
    public void NextServiceable_FindsTheFirstMomentBothAreOpen(string language, string from, string expected) =>
        Assert.That(ShowMsk(Languages.NextServiceable(LongQueue, language, Msk(from))), Is.EqualTo(expected + ":00"));

    [Test]
    public void NextServiceable_IsNull_WhenTheWindowsNeverMeet()
    {
        var eveningQueue = new WorkingHoursSchedule(Moscow, WeeklySchedule.Weekdays("21:00-23:00"), HolidayCalendar.None);

        Assert.That(Languages.NextServiceable(eveningQueue, "tt", Msk("2026-11-23 12:00")), Is.Null);
    }

    [Test]
    public void LanguageWindow_CanBeNarrowerOnSomeDays()
    {
        var windows = new Dictionary<string, WeeklySchedule>
        {
            ["tt"] = WeeklySchedule.EveryDay("08:00-20:00").With(IsoDayOfWeek.Friday, "08:00-16:00"),
        };
        var languages = new LanguageAvailability(windows, Moscow);

        Assert.That(languages.IsServiceable(LongQueue, "tt", Msk("2026-11-20 16:30")), Is.False);
        Assert.That(languages.IsServiceable(LongQueue, "ba", Msk("2026-11-20 07:30")), Is.True);
        Assert.That(languages.RestrictedLanguages, Is.EquivalentTo(new[] { "tt" }));
    }
}
