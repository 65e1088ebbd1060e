using GosChat.Domain.Lines;
using GosChat.Domain.Scheduling;
using GosChat.Domain.Sessions;
using static GosChat.Domain.Tests.Scheduling.Time;

namespace GosChat.Domain.Tests.Lines;

public sealed class LineDirectoryTests
{
    private static readonly HolidayCalendar Calendar = HolidayCalendar.RussianOfficial;

    /// <summary>The seeds' four lines, as appsettings.example.json has them.</summary>
    private static LineDirectory Seeds() => LineDirectory.Build(new Dictionary<string, LineOptions>
    {
        ["general"] = new() { Default = true, Numbers = ["8-800-555-35-35"], Menu = { ["101"] = "101", ["102"] = "102", ["103"] = "103", ["104"] = "104" } },
        ["technical"] = new() { Numbers = ["+7 (495) 100-20-31"], Entry = "101", Menu = { ["101"] = "101" } },
        ["legal"] = new() { Numbers = ["+7 (495) 100-20-32"], Sites = ["pravo"], Entry = "106", Menu = { ["106"] = "106" } },
        ["hotline"] = new()
        {
            Numbers = ["+7 (495) 100-20-33"], Menu = { ["101"] = "102", ["102"] = "102", ["103"] = "103", ["104"] = "104" },
            Schedule = { ["Monday"] = ["09:00-20:00"], ["Friday"] = ["09:00-20:00"], ["Saturday"] = ["10:00-18:00"] },
        },
    }, Moscow, Calendar);

    [TestCase("+7 (495) 100-20-33 102", "hotline", "102", TestName = "Resolve_HotlineNumberWithExtension")]
    [TestCase("84951002033 доб. 103", "hotline", "103", TestName = "Resolve_HotlineNumber_TrunkEight_Dob")]
    [TestCase("+74951002033,104", "hotline", "104", TestName = "Resolve_HotlineNumber_CommaExtension")]
    [TestCase("+7 (495) 100-20-33 101", "hotline", "102", TestName = "Resolve_SameExtension_OtherQueue_OnTheHotline")]
    [TestCase("8 800 555-35-35 101", "general", "101", TestName = "Resolve_SameExtension_OwnQueue_OnTheGeneralLine")]
    [TestCase("+7 (495) 100-20-32", "legal", "106", TestName = "Resolve_LegalNumber_NoExtension_EntryQueue")]
    [TestCase("+7 495 100 20 31", "technical", "101", TestName = "Resolve_TechnicalNumber_NoExtension_EntryQueue")]
    [TestCase("+7 (495) 100-20-31 102", "technical", null, TestName = "Resolve_ExtensionNotOnTheLine_Reprompts")]
    [TestCase("+7 (495) 123-45-67 102", "general", "102", TestName = "Resolve_UnknownNumber_TheDefaultLine")]
    [TestCase("102", "general", "102", TestName = "Resolve_BareExtension_TheDefaultLine")]
    [TestCase("8-800-555-35-35", "general", null, TestName = "Resolve_GeneralNumber_NoExtension_AsksForOne")]
    [TestCase("", "general", null, TestName = "Resolve_Empty_TheDefaultLine_NoQueue")]
    public void Resolve_PicksTheLineByTheDialledNumber_AndTheQueueByItsMenu(string dialed, string line, string? queue)
    {
        var call = Seeds().Resolve(dialed);

        Assert.That(call.Line.Id, Is.EqualTo(line));
        Assert.That(call.Queue, Is.EqualTo(queue));
    }

    [TestCase("101", "101")]
    [TestCase("+7 (495) 123-45-67 106", "106")]
    [TestCase("8-800-555-35-35 доб. 103", "103")]
    [TestCase("105", null)]
    [TestCase("+7 (495) 123-45-67", null)]
    public void Unconfigured_EveryNumberReachesTheImplicitDefaultLine_ExactlyAsBefore(string dialed, string? queue)
    {
        var call = LineDirectory.Unconfigured.Resolve(dialed);

        Assert.That(call.Line.Id, Is.EqualTo(LineDirectory.ImplicitDefaultId));
        Assert.That(call.Line.Schedule, Is.Null);
        Assert.That(call.Queue, Is.EqualTo(queue));
        Assert.That(call.Queue, Is.EqualTo(GosChat.Domain.Calls.DialString.Parse(dialed).Queue));
    }

    [TestCase("+7 (495) 123-45-67", "+74951234567")]
    [TestCase("8 (495) 123-45-67", "+74951234567")]
    [TestCase("4951234567", "+74951234567")]
    [TestCase("8-800-555-35-35", "+78005553535")]
    [TestCase("+44 20 7946 0958", "+442079460958")]
    [TestCase("101", null)]
    [TestCase("+7 495 abc", null)]
    [TestCase("", null)]
    public void PhoneNumber_ToE164(string text, string? e164) => Assert.That(PhoneNumber.ToE164(text), Is.EqualTo(e164));

    [Test]
    public void Find_ByIdOrSiteKey_UnknownIsRefused()
    {
        var lines = Seeds();

        Assert.That(lines.Find("legal")!.Id, Is.EqualTo("legal"));
        Assert.That(lines.Find("PRAVO")!.Id, Is.EqualTo("legal"));
        Assert.That(lines.Find(null), Is.Null);
        var e = Assert.Throws<DomainException>(() => lines.Find("nope"));
        Assert.That(e!.Code, Is.EqualTo(ErrorCodes.UnknownLine));
    }

    [Test]
    public void ChatTopic_KeepsToTheLinesQueues()
    {
        var lines = Seeds();

        Assert.That(lines.ChatTopic("legal", null), Is.EqualTo("106"));
        Assert.That(lines.ChatTopic("hotline", "103"), Is.EqualTo("103"));
        Assert.That(lines.ChatTopic("hotline", null), Is.Null, "several topics: found from the text");
        Assert.That(lines.ChatTopic(null, "101"), Is.EqualTo("101"), "no line: as always");
        var e = Assert.Throws<DomainException>(() => lines.ChatTopic("legal", "101"));
        Assert.That(e!.Code, Is.EqualTo(ErrorCodes.UnknownQueue));
    }

    [TestCase("2026-11-28 11:00", true, TestName = "LineHours_Hotline_Saturday1100_Open_WhileItsQueueIsClosed")]
    [TestCase("2026-11-28 18:00", false, TestName = "LineHours_Hotline_Saturday1800_Closed")]
    [TestCase("2026-11-23 08:30", false, TestName = "LineHours_Hotline_Monday0830_Closed_WhileItsQueueIsOpen")]
    [TestCase("2026-11-24 10:00", false, TestName = "LineHours_Hotline_DayLeftOut_Closed")]
    public void LineHours_ALineWithItsOwnScheduleDecidesItsCalls_ChatsKeepTheQueuesHours(string local, bool open)
    {
        var lines = Seeds();
        var queues = ScheduleFactory.BuildAllQueueHours(null, Moscow, Calendar);
        var hours = new LineHours(new ScheduledWorkingHours(queues, ScheduleFactory.BuildLanguages(null, Moscow)));
        var hotline = lines.Find("hotline")!;

        Assert.That(hours.IsOpen(hotline, "102", Channel.Call, "ru", false, Msk(local)), Is.EqualTo(open));
        Assert.That(hours.IsOpen(hotline, "102", Channel.Chat, "ru", false, Msk(local)),
            Is.EqualTo(queues["102"].Chat.IsOpen(Msk(local))), "a chat through the line keeps its queue's chat hours");
        Assert.That(hours.IsOpen(lines.Default, "102", Channel.Call, "ru", false, Msk(local)),
            Is.EqualTo(queues["102"].Phone.IsOpen(Msk(local))), "the general line: its queue's phone hours");
    }

    [Test]
    public void LineHours_NextOpening_FollowsTheLinesSchedule()
    {
        var lines = Seeds();
        var hours = new LineHours(new ScheduledWorkingHours(ScheduleFactory.BuildAllQueueHours(null, Moscow, Calendar), ScheduleFactory.BuildLanguages(null, Moscow)));

        var next = hours.NextOpening(lines.Find("hotline")!, "102", Channel.Call, "ru", false, Msk("2026-11-27 20:30"));

        Assert.That(ShowMsk(next), Is.EqualTo("2026-11-28 10:00:00"));
    }

    private static IEnumerable<TestCaseData> BadLines()
    {
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a b"] = new() }, "GosChat:Lines:a b").SetName("Build_BadId_Refused");
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a"] = new() { Numbers = ["hello"] } }, "GosChat:Lines:a:Numbers:0").SetName("Build_BadNumber_Refused");
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a"] = new() { Numbers = ["84951234567"] }, ["b"] = new() { Numbers = ["+7 495 123-45-67"] } },
            "GosChat:Lines:b:Numbers:0").SetName("Build_SameNumberOnTwoLines_Refused");
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a"] = new() { Menu = { ["1"] = "101" } } }, "GosChat:Lines:a:Menu:1").SetName("Build_ShortExtension_Refused");
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a"] = new() { Menu = { ["101"] = "999" } } }, "GosChat:Lines:a:Menu:101").SetName("Build_UnknownQueue_Refused");
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a"] = new() { Entry = "999" } }, "GosChat:Lines:a:Entry").SetName("Build_UnknownEntry_Refused");
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a"] = new() { Schedule = { ["Monday"] = ["9-5"] } } }, "GosChat:Lines:a:Schedule:Monday").SetName("Build_BadWindow_Refused");
        yield return new TestCaseData(new Dictionary<string, LineOptions> { ["a"] = new() { Default = true }, ["b"] = new() { Default = true } }, "GosChat:Lines").SetName("Build_TwoDefaults_Refused");
    }

    [TestCaseSource(nameof(BadLines))]
    public void Build_RefusesWhatItCannotUse_NamingTheKey(Dictionary<string, LineOptions> options, string key)
    {
        var e = Assert.Throws<ScheduleConfigurationException>(() => LineDirectory.Build(options, Moscow, Calendar));
        Assert.That(e!.Key, Does.StartWith(key));
    }
}
