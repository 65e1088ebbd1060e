using GosChat.Domain.Deadlines;
using GosChat.Server.Jobs;
using GosChat.Server.Notifications;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Deadlines;

/// <summary>
/// Two nodes on one Redis, both running Hangfire servers over the same jobs: every session's deadline is
/// recorded and announced exactly once, even when each breach job is delivered twice at the same moment.
/// </summary>
public sealed class DeadlineRacingNodesTests() : DeadlineServerFixture(useRedis: true)
{
    private const int Sessions = 6;

    [Test]
    public async Task TwoNodes_RunningTheSameDeadlineJobs_RecordAndAnnounceEachBreachOnce()
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var nodeA = await StartServerAsync(Settings(), clock);
        var nodeB = await StartServerAsync(Settings(), clock);
        var onA = await ConsoleAsync(nodeA, "supervisor", available: false);
        var onB = await ConsoleAsync(nodeB, "supervisor", available: false);
        var started = new List<string>();
        for (var i = 0; i < Sessions; i++)
            started.Add((await StartChatAsync(i % 2 == 0 ? nodeA : nodeB, $"Обращение {i}: не могу войти")).SessionId);

        // The warnings (at 3.75 s of 5) run first, on both nodes at once, and each schedules its breach check.
        clock.AdvanceSeconds(4);
        await Task.WhenAll(nodeA.RunDueJobsAsync(), nodeB.RunDueJobsAsync());

        // At-least-once delivery, made certain: a second Hangfire job with the very same arguments beside each breach job.
        clock.AdvanceSeconds(2);
        var client = nodeB.Services.GetRequiredService<IBackgroundJobClient>();
        var api = nodeB.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var breachJobs = api.ScheduledJobs(0, 1000).Select(j => JobArgs.Of(j.Value.Job)).OfType<JobArgs>()
            .Where(a => a.Kind == DeadlineJobs.BreachType && a.Id.EndsWith(":firstResponse:due", StringComparison.Ordinal)).ToList();
        Assert.That(breachJobs, Has.Count.EqualTo(Sessions), "one breach job per session, in the shared storage");
        foreach (var args in breachJobs)
            client.Create(Hangfire.Common.Job.FromExpression<GosChatJob>(j => j.RunAsync(args, CancellationToken.None)), new EnqueuedState());
        await Task.WhenAll(nodeA.RunDueJobsAsync(), nodeB.RunDueJobsAsync());

        await Eventually.AssertAsync(() => started.All(id => onA.Breaches.Any(b => b.SessionId == id) && onB.Breaches.Any(b => b.SessionId == id)),
            "every breach announced on both nodes");
        await nodeA.AdvanceSecondsAsync(1);
        await nodeB.RunDueJobsAsync();
        foreach (var id in started)
        {
            var session = await SessionAsync(nodeA, id);
            Assert.Multiple(() =>
            {
                Assert.That(session.Breaches.Count(b => b.Kind == DeadlineKind.FirstResponse), Is.EqualTo(1), "recorded once: " + id);
                Assert.That(onA.Breaches.Count(b => b.SessionId == id), Is.EqualTo(1), "announced once (node A's supervisor): " + id);
                Assert.That(onB.Breaches.Count(b => b.SessionId == id), Is.EqualTo(1), "announced once (node B's supervisor): " + id);
            });
        }
        Assert.That(await nodeA.Services.GetRequiredService<IBreachCounter>().TodayAsync("101"), Is.EqualTo(Sessions));
    }
}
