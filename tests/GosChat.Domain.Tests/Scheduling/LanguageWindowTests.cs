using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Scheduling;

/// <summary>Language windows per channel, and languages on their own hours (<c>GosChat:Languages:{code}</c>).</summary>
public class LanguageWindowTests
{
    private static readonly string[] AllDay = ["00:00-24:00"];

    private static Dictionary<string, List<string>> EveryDay(params string[] windows) =>
        WeeklySchedule.AllDays.ToDictionary(d => d.ToString(), _ => windows.ToList());

    // The published rules: English around the clock (own hours), Tatar and Bashkir 08:00-20:00 (here Tatar's phone 09:00-18:00).
    private static readonly ScheduledWorkingHours Hours = new(
        ScheduleFactory.BuildAllQueueHours(null, Moscow, HolidayCalendar.RussianOfficial),
        ScheduleFactory.BuildLanguages(new Dictionary<string, LanguageOptions>
        {
            ["en"] = new() { Schedule = EveryDay(AllDay), OwnHours = true },
            ["tt"] = new() { Phone = new ChannelScheduleOptions { Schedule = EveryDay("09:00-18:00") } },
        }, Moscow));

    [TestCase("en", Channel.Chat, "2026-11-28 03:00", true, TestName = "English chat, Saturday night: own hours, open")]
    [TestCase("en", Channel.Call, "2026-11-28 03:00", true, TestName = "English call, Saturday night: phone as its chat, open")]
    [TestCase("en", Channel.Chat, "2026-11-04 12:00", true, TestName = "English chat on a holiday: around the clock")]
    [TestCase("ru", Channel.Chat, "2026-11-28 03:00", false, TestName = "Russian chat, Saturday night: the queue is closed")]
    [TestCase("tt", Channel.Chat, "2026-11-23 08:30", true, TestName = "Tatar chat 08:30: its window 08-20")]
    [TestCase("tt", Channel.Call, "2026-11-23 08:30", false, TestName = "Tatar call 08:30: its phone window starts at 09:00")]
    [TestCase("tt", Channel.Call, "2026-11-23 17:59", true, TestName = "Tatar call 17:59: open")]
    [TestCase("tt", Channel.Call, "2026-11-23 18:00", false, TestName = "Tatar call 18:00: closed")]
    [TestCase("ba", Channel.Call, "2026-11-23 19:59", true, TestName = "Bashkir call 19:59: default 08-20 for both channels")]
    [TestCase("tt", Channel.Chat, "2026-11-28 12:00", false, TestName = "Tatar chat on Saturday: narrows the queue, which is closed")]
    public void IsOpen_PerLanguageAndChannel(string language, Channel channel, string local, bool open) =>
        Assert.That(Hours.IsOpen("101", channel, language, false, Msk(local)), Is.EqualTo(open));

    [TestCase("en", Channel.Chat, "2026-11-28 03:00", "2026-11-28 03:00")]
    [TestCase("tt", Channel.Call, "2026-11-23 18:30", "2026-11-24 09:00")]
    [TestCase("tt", Channel.Chat, "2026-11-23 20:30", "2026-11-24 08:00")]
    public void NextOpening_PerLanguageAndChannel(string language, Channel channel, string from, string expected) =>
        Assert.That(ShowMsk(Hours.NextOpening("101", channel, language, false, Msk(from))), Is.EqualTo(expected + ":00"));

    [Test]
    public void OwnHours_WithoutASchedule_IsRefused_NamingTheKey()
    {
        var e = Assert.Throws<ScheduleConfigurationException>(() =>
            ScheduleFactory.BuildLanguages(new Dictionary<string, LanguageOptions> { ["en"] = new() { OwnHours = true } }, Moscow));
        Assert.That(e!.Key, Is.EqualTo("GosChat:Languages:en:OwnHours"));
    }

    [Test]
    public void BadPhoneWindow_OfALanguage_NamesItsKey()
    {
        var e = Assert.Throws<ScheduleConfigurationException>(() => ScheduleFactory.BuildLanguages(
            new Dictionary<string, LanguageOptions> { ["ba"] = new() { Phone = new ChannelScheduleOptions { Schedule = { ["Monday"] = ["9-18"] } } } }, Moscow));
        Assert.That(e!.Key, Is.EqualTo("GosChat:Languages:ba:Phone:Schedule:Monday:0"));
    }
}
