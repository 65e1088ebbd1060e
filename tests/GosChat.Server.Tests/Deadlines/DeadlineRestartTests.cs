using GosChat.Domain.Deadlines;
using GosChat.Domain.Jobs;
using GosChat.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Deadlines;

/// <summary>Deadlines survive the node: on Redis, a deadline scheduled before a restart fires once after it.</summary>
public sealed class DeadlineRestartTests() : DeadlineServerFixture(useRedis: true)
{
    [Test]
    public async Task Restart_BetweenSchedulingAndDueTime_StillFiresTheDeadlineExactlyOnce()
    {
        var clock = new FakeClock(TestSupport.Server.GosChatServer.MondayMorning);
        var first = await StartServerAsync(Settings(), clock);
        var started = await StartChatAsync(first);
        var jobs = first.Services.GetRequiredService<IJobStore>();
        Assert.That(await jobs.GetAsync(DeadlineJobs.BreachId(started.SessionId, DeadlineKind.FirstResponse)), Is.Not.Null);
        await first.DisposeAsync();

        var second = await StartServerAsync(Settings(), clock);
        var supervisor = await ConsoleAsync(second, "supervisor", available: false);
        clock.AdvanceSeconds(6);

        await Eventually.AssertAsync(() => supervisor.Breaches.Any(b => b.SessionId == started.SessionId), "the breach after the restart");
        var store = second.Services.GetRequiredService<IJobStore>();
        await Eventually.AssertAsync(async () => await store.GetAsync(DeadlineJobs.BreachId(started.SessionId, DeadlineKind.FirstResponse)) is null,
            "the breach job is done");
        // A marker job due now proves the loop has run again after the breach job finished.
        await store.ScheduleAsync("test:marker", "test.unknown", "{}", clock.GetCurrentInstant());
        await Eventually.AssertAsync(async () => (await store.GetAsync("test:marker"))?.State == JobState.Dead, "the job loop ran again");

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
