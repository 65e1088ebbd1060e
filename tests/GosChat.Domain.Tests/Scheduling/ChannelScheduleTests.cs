using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using NodaTime;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Scheduling;

/// <summary>Chat and phone hours of one queue: <c>GosChat:Queues:{id}:Schedule</c> and <c>…:Phone:Schedule</c>.</summary>
public class ChannelScheduleTests
{
    private static readonly string[] Weekday = ["09:00-20:00"];

    // The hotline as published: the phone Mon-Fri 09-20 and Sat 10-18; the chat keeps the default (weekdays 08-20).
    private static QueueScheduleOptions Hotline() => new()
    {
        Phone = new ChannelScheduleOptions
        {
            Schedule =
            {
                ["Monday"] = [.. Weekday], ["Tuesday"] = [.. Weekday], ["Wednesday"] = [.. Weekday],
                ["Thursday"] = [.. Weekday], ["Friday"] = [.. Weekday], ["Saturday"] = ["10:00-18:00"],
            },
        },
    };

    private static ScheduledWorkingHours Hours(QueueScheduleOptions options, HolidayCalendar? calendar = null) => new(
        ScheduleFactory.BuildAllQueueHours(new Dictionary<string, QueueScheduleOptions> { ["102"] = options }, Moscow,
            calendar ?? HolidayCalendar.RussianOfficial),
        LanguageAvailability.Default(Moscow));

    [TestCase("2026-11-28 11:00", Channel.Call, true)]   // Saturday: phone 10-18
    [TestCase("2026-11-28 11:00", Channel.Chat, false)]  // Saturday: chat closed
    [TestCase("2026-11-28 09:59", Channel.Call, false)]
    [TestCase("2026-11-28 18:00", Channel.Call, false)]
    [TestCase("2026-11-29 11:00", Channel.Call, false)]  // Sunday: both closed
    [TestCase("2026-11-23 08:30", Channel.Chat, true)]   // Monday: chat from 08:00
    [TestCase("2026-11-23 08:30", Channel.Call, false)]  // phone from 09:00
    [TestCase("2026-11-23 19:59", Channel.Call, true)]
    [TestCase("2026-11-04 11:00", Channel.Call, false)]  // a holiday closes the phone too
    [TestCase("2026-11-04 11:00", Channel.Chat, false)]
    public void EachChannel_FollowsItsOwnSchedule(string local, Channel channel, bool open) =>
        Assert.That(Hours(Hotline()).IsOpen("102", channel, "ru", false, Msk(local)), Is.EqualTo(open));

    [TestCase("2026-11-27 20:30", Channel.Call, "2026-11-28 10:00")]
    [TestCase("2026-11-27 20:30", Channel.Chat, "2026-11-30 08:00")]
    [TestCase("2026-11-28 18:30", Channel.Call, "2026-11-30 09:00")]
    public void NextOpening_IsPerChannel(string from, Channel channel, string expected) =>
        Assert.That(ShowMsk(Hours(Hotline()).NextOpening("102", channel, "ru", false, Msk(from))), Is.EqualTo(expected + ":00"));

    [TestCase("2026-11-28 11:00", false)]
    [TestCase("2026-11-23 08:30", true)]
    [TestCase("2026-11-23 19:59", true)]
    public void NoPhoneSchedule_MeansTheSameAsTheChat(string local, bool open)
    {
        var hours = Hours(new QueueScheduleOptions());

        Assert.That(hours.IsOpen("102", Channel.Call, "ru", false, Msk(local)), Is.EqualTo(open));
        Assert.That(hours.IsOpen("102", Channel.Chat, "ru", false, Msk(local)), Is.EqualTo(open));
    }

    [Test]
    public void PhoneOnly_SeveralWindowsADay_AndAClosedDay()
    {
        var options = new QueueScheduleOptions
        {
            Phone = new ChannelScheduleOptions { Schedule = { ["Monday"] = ["08:00-12:00", "13:00-17:00"], ["Tuesday"] = ["closed"] } },
        };
        var hours = Hours(options);

        Assert.That(hours.IsOpen("102", Channel.Call, "ru", false, Msk("2026-11-23 12:30")), Is.False);
        Assert.That(hours.IsOpen("102", Channel.Call, "ru", false, Msk("2026-11-23 13:00")), Is.True);
        Assert.That(hours.IsOpen("102", Channel.Call, "ru", false, Msk("2026-11-24 10:00")), Is.False);
        Assert.That(hours.IsOpen("102", Channel.Call, "ru", false, Msk("2026-11-25 10:00")), Is.False, "a day left out is closed");
        Assert.That(hours.IsOpen("102", Channel.Chat, "ru", false, Msk("2026-11-24 10:00")), Is.True, "the chat keeps its default");
        Assert.That(hours.WindowsOn("102", Channel.Call, Msk("2026-11-23 23:00")).Select(w => w.ToString()),
            Is.EqualTo(new[] { "08:00-12:00", "13:00-17:00" }));
    }

    [TestCase("2026-11-28 11:00", Channel.Call, new[] { "10:00-18:00" })]
    [TestCase("2026-11-28 11:00", Channel.Chat, new string[0])]
    [TestCase("2026-11-27 00:00", Channel.Call, new[] { "09:00-20:00" })]
    [TestCase("2026-11-27 23:59", Channel.Chat, new[] { "08:00-20:00" })]
    [TestCase("2026-11-04 11:00", Channel.Call, new string[0])] // a holiday: no windows
    public void WindowsOn_GivesTheLocalDaysWindowsOfTheChannel(string local, Channel channel, string[] windows) =>
        Assert.That(Hours(Hotline()).WindowsOn("102", channel, Msk(local)).Select(w => w.ToString()), Is.EqualTo(windows));

    [Test]
    public void TransferredWorkingDay_OpensThePhoneWithItsWeekdaysWindows()
    {
        // Saturday 5 December 2026 worked as a Friday: both channels use Friday's windows.
        var calendar = HolidayCalendar.RussianOfficial.WithWorkingDays([new TransferredWorkingDay(Date("2026-12-05"), IsoDayOfWeek.Friday)]);
        var hours = Hours(Hotline(), calendar);

        Assert.That(hours.IsOpen("102", Channel.Call, "ru", false, Msk("2026-12-05 19:00")), Is.True);
        Assert.That(hours.IsOpen("102", Channel.Chat, "ru", false, Msk("2026-12-05 08:30")), Is.True);
    }

    [Test]
    public void EmergencyMode_AppliesToThePhoneScheduleToo()
    {
        var options = Hotline();
        options.EmergencyOnHolidays = true;
        options.EmergencyWindows = ["10:00-16:00"];
        var hours = Hours(options);

        Assert.That(hours.IsOpen("102", Channel.Call, "ru", true, Msk("2026-11-04 11:00")), Is.True);
        Assert.That(hours.IsOpen("102", Channel.Call, "ru", false, Msk("2026-11-04 11:00")), Is.False);
    }

    [Test]
    public void BadPhoneWindow_NamesItsFullKey()
    {
        var options = new QueueScheduleOptions { Phone = new ChannelScheduleOptions { Schedule = { ["Saturday"] = ["10-18"] } } };

        var e = Assert.Throws<ScheduleConfigurationException>(() => Hours(options));

        Assert.That(e!.Message, Does.StartWith("Configuration 'GosChat:Queues:102:Phone:Schedule:Saturday:0'"));
    }

    [Test]
    public void LanguageWindows_StillApplyToCalls()
    {
        var hours = Hours(Hotline());

        Assert.That(hours.IsOpen("102", Channel.Call, "tt", false, Msk("2026-11-28 11:00")), Is.True);
        Assert.That(hours.IsOpen("102", Channel.Call, "tt", false, Msk("2026-11-23 19:59")), Is.True);
        Assert.That(hours.IsOpen("102", Channel.Call, "tt", false, Msk("2026-11-23 20:00")), Is.False);
    }
}
