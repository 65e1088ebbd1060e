using GosChat.Server.Jobs;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Tests.Jobs;

public sealed class JobsOptionsTests
{
    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(7, 300)]
    [TestCase(50, 300)]
    public void RetryDelay_DoublesFromTheFirst_UpToTheMaximum(long retry, int seconds)
    {
        Assert.That(new RetryOptions().DelaySecondsBefore(retry), Is.EqualTo(seconds));
    }

    [Test]
    public void Defaults_AreValid()
    {
        Assert.That(new JobsOptionsValidator().Validate(null, new JobsOptions()).Succeeded, Is.True);
    }

    [Test]
    public void BadSettings_AreNamedByTheirKeys()
    {
        var options = new JobsOptions
        {
            WorkerCount = 0,
            SchedulePollingInterval = TimeSpan.Zero,
            Retry = new RetryOptions { Attempts = -1, FirstDelay = TimeSpan.FromMinutes(10), MaxDelay = TimeSpan.FromMinutes(5) },
        };

        var result = new JobsOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Is.EquivalentTo(new[]
        {
            "GosChat:Jobs:WorkerCount must be from 1 to 100.",
            "GosChat:Jobs:SchedulePollingInterval must be positive.",
            "GosChat:Jobs:Retry:Attempts must not be negative.",
            "GosChat:Jobs:Retry:MaxDelay must be at least FirstDelay.",
        }));
    }

    [TestCase("GosChat:Jobs:WorkerCount", "0")]
    [TestCase("GosChat:Ivr:Webhook:Retry:Attempts", "-1")]
    [TestCase("GosChat:Ivr:Webhook:Url", "ftp://pbx.example/hook")]
    [TestCase("GosChat:Ivr:Webhook:Url", "http://pbx.example/hook")]
    public void NodeWithABadJobSetting_DoesNotStart(string key, string value)
    {
        var error = Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var server = await GosChatServer.StartAsync(settings: new Dictionary<string, string?> { [key] = value });
        });
        Assert.That(error!.Message, Does.Contain(key));
    }
}
