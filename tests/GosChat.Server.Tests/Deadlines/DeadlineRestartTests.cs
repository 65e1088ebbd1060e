using GosChat.Domain.Deadlines;
using GosChat.Server.Jobs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Deadlines;

/// <summary>Deadlines survive the node: on Redis, a deadline scheduled before a restart fires once after it.</summary>
public sealed class DeadlineRestartTests() : DeadlineServerFixture(useRedis: true)
{
    [Test]
    public async Task Restart_BetweenSchedulingAndDueTime_StillFiresTheDeadlineExactlyOnce()
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var first = await StartServerAsync(Settings(), clock);
        var started = await StartChatAsync(first);
        var warningId = DeadlineJobs.WarningId(started.SessionId, DeadlineKind.FirstResponse);
        var breachId = DeadlineJobs.BreachId(started.SessionId, DeadlineKind.FirstResponse);
        Assert.That(first.Services.GetRequiredService<JobIndex>().Find(warningId), Is.Not.Null, "the warning, which schedules the breach check");
        await first.DisposeAsync();

        var second = await StartServerAsync(Settings(), clock);
        var supervisor = await ConsoleAsync(second, "supervisor", available: false);
        await second.AdvanceSecondsAsync(6);

        await Eventually.AssertAsync(() => supervisor.Breaches.Any(b => b.SessionId == started.SessionId), "the breach after the restart");
        var index = second.Services.GetRequiredService<JobIndex>();
        await Eventually.AssertAsync(() => index.Find(warningId) is null && index.Find(breachId) is null, "the warning and breach jobs are done");
        await second.AdvanceSecondsAsync(1); // anything else due has run too

        var session = await SessionAsync(second, started.SessionId);
        Assert.Multiple(() =>
        {
            Assert.That(supervisor.Breaches.Count(b => b.SessionId == started.SessionId), Is.EqualTo(1));
            Assert.That(supervisor.Warnings.Count(w => w.SessionId == started.SessionId), Is.EqualTo(1), "nobody held it, so supervisors got the warning");
            Assert.That(session.Breaches, Has.Count.EqualTo(1));
            Assert.That(session.Breaches[0].DueAt, Is.EqualTo(session.QueuedAt + Duration.FromSeconds(5)));
        });
    }
}
