using GosChat.Domain.Deadlines;
using NodaTime;

namespace GosChat.Domain.Tests.Deadlines;

public class DeadlineOptionsTests
{
    [TestCase(DeadlineKind.FirstResponse, false, 120)]
    [TestCase(DeadlineKind.Resolution, false, 30 * 60)]
    [TestCase(DeadlineKind.Answer, false, 5 * 60)]
    [TestCase(DeadlineKind.CallbackConfirmation, false, 15 * 60)]
    [TestCase(DeadlineKind.Resolution, true, 30 * 60)] // never longer than an ordinary chat
    [TestCase(DeadlineKind.FirstResponse, true, 120)]
    public void Defaults_FollowThePublishedRules(DeadlineKind kind, bool critical, int seconds)
    {
        Assert.That(new DeadlineOptions().For("101", kind, critical), Is.EqualTo(Duration.FromSeconds(seconds)));
    }

    [TestCase(10 * 60, 10 * 60)] // a shorter security-urgent deadline applies to critical chats
    [TestCase(8 * 3600, 30 * 60)] // a longer one never does
    public void CriticalChat_GetsTheShorterOfTheSecurityUrgentAndTheOrdinaryResolution(int urgentSeconds, int expected)
    {
        var options = new DeadlineOptions { SecurityUrgentResolution = TimeSpan.FromSeconds(urgentSeconds) };
        Assert.That(options.For("101", DeadlineKind.Resolution, critical: true), Is.EqualTo(Duration.FromSeconds(expected)));
    }

    [Test]
    public void QueueOverride_ReplacesOnlyWhatItSets()
    {
        var options = new DeadlineOptions { ChatFirstReply = TimeSpan.FromSeconds(90) };
        options.Queues["104"] = new DeadlineOverrides { ChatFirstReply = TimeSpan.FromMinutes(10) };
        Assert.Multiple(() =>
        {
            Assert.That(options.For("104", DeadlineKind.FirstResponse, false), Is.EqualTo(Duration.FromMinutes(10)));
            Assert.That(options.For("104", DeadlineKind.Resolution, false), Is.EqualTo(Duration.FromMinutes(30)));
            Assert.That(options.For("101", DeadlineKind.FirstResponse, false), Is.EqualTo(Duration.FromSeconds(90)));
        });
    }

    [Test]
    public void Warning_IsAtThreeQuartersOfTheDeadline_ByDefault()
    {
        var start = Instant.FromUtc(2026, 11, 23, 6, 0);
        Assert.That(new DeadlineOptions().WarningAt(start, Duration.FromSeconds(120)), Is.EqualTo(start + Duration.FromSeconds(90)));
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-0.5)]
    public void Validate_RefusesWarnAtOutsideZeroToOne(double warnAt)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeadlineOptions { WarnAt = warnAt }.Validate());
    }

    [Test]
    public void Validate_RefusesZeroDeadline()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeadlineOptions { ChatFirstReply = TimeSpan.Zero }.Validate());
    }
}
