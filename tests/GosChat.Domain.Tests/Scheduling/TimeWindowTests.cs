using GosChat.Domain.Scheduling;
using NodaTime;

namespace GosChat.Domain.Tests.Scheduling;

public class TimeWindowTests
{
    [TestCase("08:00-20:00", "08:00", "20:00", false, 12 * 60)]
    [TestCase("8:00-20:00", "08:00", "20:00", false, 12 * 60)]
    [TestCase(" 09:30 - 18:15 ", "09:30", "18:15", false, 8 * 60 + 45)]
    [TestCase("00:00-24:00", "00:00", "00:00", true, 24 * 60)]
    [TestCase("20:00-24:00", "20:00", "00:00", true, 4 * 60)]
    [TestCase("22:00-02:00", "22:00", "02:00", true, 4 * 60)]
    [TestCase("22:00-00:00", "22:00", "00:00", true, 2 * 60)]
    [TestCase("10:00\u201318:00", "10:00", "18:00", false, 8 * 60)]
    public void Parse_ReadsStartEndAndLength(string text, string start, string end, bool endsNextDay, int minutes)
    {
        var window = TimeWindow.Parse(text);

        Assert.That(window.Start, Is.EqualTo(LocalTime.FromMinutesSinceMidnight(Minutes(start))));
        Assert.That(window.End, Is.EqualTo(LocalTime.FromMinutesSinceMidnight(Minutes(end))));
        Assert.That(window.EndsNextDay, Is.EqualTo(endsNextDay));
        Assert.That(window.Length, Is.EqualTo(Duration.FromMinutes(minutes)));
    }

    [TestCase("08:00-20:00", "08:00-20:00")]
    [TestCase("8:00-24:00", "08:00-24:00")]
    [TestCase("22:00-00:00", "22:00-24:00")]
    [TestCase("00:00-24:00", "00:00-24:00")]
    public void ToString_WritesHHmmWith24ForMidnightEnd(string text, string expected) =>
        Assert.That(TimeWindow.Parse(text).ToString(), Is.EqualTo(expected));

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase(null, "empty")]
    [TestCase("8-20", "not a time window")]
    [TestCase("08:00", "not a time window")]
    [TestCase("08.00-20.00", "not a time window")]
    [TestCase("08:00-20:00-21:00", "not a time window")]
    [TestCase("25:00-26:00", "out of range")]
    [TestCase("08:60-20:00", "out of range")]
    [TestCase("08:00-24:30", "out of range")]
    [TestCase("24:00-08:00", "24:00 can only end")]
    [TestCase("08:00-08:00", "same time")]
    [TestCase("00:00-00:00", "00:00-24:00")]
    public void Parse_RejectsBadText_WithAMessageSayingWhy(string? text, string messagePart)
    {
        var error = Assert.Throws<ScheduleFormatException>(() => TimeWindow.Parse(text));

        Assert.That(error!.Message, Does.Contain(messagePart));
        Assert.That(error, Is.InstanceOf<FormatException>());
    }

    [Test]
    public void TryParse_ReturnsFalse_ForBadText() =>
        Assert.That(TimeWindow.TryParse("nine to five", out _), Is.False);

    [Test]
    public void Of_RejectsEqualStartAndEnd_ExceptMidnightForTheWholeDay()
    {
        Assert.That(() => TimeWindow.Of(new LocalTime(8, 0), new LocalTime(8, 0)), Throws.ArgumentException);
        Assert.That(TimeWindow.Of(LocalTime.Midnight, LocalTime.Midnight), Is.EqualTo(TimeWindow.WholeDay));
    }

    private static int Minutes(string hhmm) => int.Parse(hhmm[..2]) * 60 + int.Parse(hhmm[3..]);
}
