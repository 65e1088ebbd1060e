using GosChat.Domain.Deadlines;
using GosChat.Domain.Sessions;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Deadlines;

/// <summary>
/// Breach alerts survive the node that recorded them: two nodes on one Redis run the breach jobs of many sessions;
/// one of them records its share and dies before telling anybody. The surviving node's retry announces each of
/// those once, so every supervisor gets exactly one alert per session.
/// </summary>
public sealed class BreachAlertNodeKillTests() : DeadlineServerFixture(useRedis: true)
{
    private const int Sessions = 30;

    [Test]
    public async Task NodeDying_BetweenRecordingAndAnnouncingBreaches_EverySessionStillGetsOneAlert()
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var dying = new DyingNotifier();
        // Node A takes most breach jobs (10 workers to B's 1) and hangs in each announcement until it "dies".
        var nodeA = await GosChatServer.StartAsync(Redis!.ConnectionString, Settings(("GosChat:Jobs:WorkerCount", "10")), clock,
            overrides: s => s.AddSingleton<IDeadlineNotifier>(dying));
        var nodeAStopped = false;
        try
        {
            var nodeB = await StartServerAsync(Settings(("GosChat:Jobs:WorkerCount", "1")), clock);
            var supervisor = await ConsoleAsync(nodeB, "supervisor", available: false);
            var started = new List<string>();
            for (var i = 0; i < Sessions; i++)
                started.Add((await StartChatAsync(i % 2 == 0 ? nodeA : nodeB, $"Обращение {i}: не могу войти")).SessionId);

            clock.AdvanceSeconds(6);
            nodeB.QueueDueJobs();
            var settled = await Eventually.TrueAsync(
                () => dying.Calls > 0 && dying.Calls + supervisor.Breaches.Select(b => b.BreachId).Distinct().Count() == Sessions);
            Assert.That(settled, Is.True, $"every breach either announced by node B or stuck in node A's announcement: stuck {dying.Calls}, announced {supervisor.Breaches.Count}");
            var stuck = dying.Calls;
            var outbox = nodeB.Services.GetRequiredService<IAnnouncementOutbox>();
            Assert.That(await outbox.CountAsync(), Is.EqualTo(stuck), "node A's recorded breaches wait in the outbox");

            dying.Die();
            nodeAStopped = true;
            await nodeA.DisposeAsync();

            // Nothing is retried within the grace period; after it, node B's sweep announces what node A never did.
            await nodeB.AdvanceSecondsAsync(16);
            await Eventually.AssertAsync(() => supervisor.Breaches.Select(b => b.BreachId).Distinct().Count() == Sessions,
                "one alert per session at the supervisor");
            await Eventually.AssertAsync(async () => await outbox.CountAsync() == 0, "the outbox is empty");
            await nodeB.AdvanceSecondsAsync(16); // another grace period: nothing is announced again
            await nodeB.RunDueJobsAsync();

            foreach (var id in started)
            {
                var session = await SessionAsync(nodeB, id);
                Assert.Multiple(() =>
                {
                    Assert.That(supervisor.Breaches.Count(b => b.SessionId == id), Is.EqualTo(1), "one alert: " + id);
                    Assert.That(session.Breaches.Single(b => b.Kind == DeadlineKind.FirstResponse).Announced, Is.True, "marked announced: " + id);
                });
            }
            Assert.That(await nodeB.Services.GetRequiredService<IBreachCounter>().TodayAsync("101"), Is.EqualTo(Sessions));
            TestContext.Out.WriteLine($"{Sessions} breaches: {Sessions - stuck} announced by node B at once, {stuck} recorded by node A, which died, and announced by node B's retry");
        }
        finally
        {
            if (!nodeAStopped)
            {
                dying.Die();
                await nodeA.DisposeAsync();
            }
        }
    }

    /// <summary>Node A's notifier: every breach announcement hangs until the node "dies", then fails.</summary>
    private sealed class DyingNotifier : IDeadlineNotifier
    {
        private readonly TaskCompletionSource _death = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Die() => _death.TrySetException(new InvalidOperationException("node A died"));

        public Task WarningAsync(Session session, DeadlineKind kind, Instant dueAt, string? operatorId) => Task.CompletedTask;

        public async Task BreachedAsync(Session session, DeadlineBreach breach)
        {
            Interlocked.Increment(ref _calls);
            await _death.Task;
        }
    }
}
