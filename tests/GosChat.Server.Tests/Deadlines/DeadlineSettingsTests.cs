using GosChat.Domain.Deadlines;
using GosChat.Server.Composition;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace GosChat.Server.Tests.Deadlines;

public sealed class DeadlineSettingsTests
{
    private static DeadlineOptions Bind(Dictionary<string, string?> values) =>
        DeadlinesSetup.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Test]
    public void Bind_ReadsGeneralAndPerQueueDeadlines()
    {
        var options = Bind(new()
        {
            ["GosChat:Deadlines:ChatFirstReply"] = "00:00:05",
            ["GosChat:Deadlines:WarnAt"] = "0.5",
            ["GosChat:Queues:104:Deadlines:ChatFirstReply"] = "00:10:00",
            ["GosChat:Queues:104:Schedule:Monday:0"] = "08:00-20:00",
        });
        Assert.Multiple(() =>
        {
            Assert.That(options.For("101", DeadlineKind.FirstResponse, false), Is.EqualTo(Duration.FromSeconds(5)));
            Assert.That(options.For("104", DeadlineKind.FirstResponse, false), Is.EqualTo(Duration.FromMinutes(10)));
            Assert.That(options.For("104", DeadlineKind.Answer, false), Is.EqualTo(Duration.FromMinutes(5)));
            Assert.That(options.WarnAt, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Bind_WithNothingConfigured_GivesThePublishedDefaults()
    {
        var options = Bind([]);
        Assert.That(options.For("101", DeadlineKind.FirstResponse, false), Is.EqualTo(Duration.FromMinutes(2)));
        Assert.That(options.Queues, Is.Empty);
    }

    [Test]
    public void Bind_RefusesAWarningFractionOfOne()
    {
        Assert.That(() => Bind(new() { ["GosChat:Deadlines:WarnAt"] = "1" }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
