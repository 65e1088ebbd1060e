using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Routing;

/// <summary>The tally of a waiting list agrees with counting the list, and a store's list keeps the one it counted.</summary>
public class WaitingTallyTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 6, 0);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Tally_AgreesWithCountingTheList(int seed)
    {
        var random = new Random(seed);
        string[] queues = ["101", "102", "103", "104"];
        SessionState[] states = [SessionState.Queued, SessionState.Offered, SessionState.Deferred];
        var sessions = Enumerable.Range(0, 500).Select(i => new Session
        {
            Id = "s" + i, Ticket = "3" + i.ToString("D8"), Queue = queues[random.Next(queues.Length)],
            State = states[random.Next(states.Length)], QueuedAt = T0 + Duration.FromSeconds(random.Next(3600)),
        }).ToList();

        var tally = WaitingTally.Of(sessions);

        Assert.That(tally.Deferred, Is.EqualTo(sessions.Count(s => s.State == SessionState.Deferred)));
        foreach (var queue in queues.Append("999"))
        {
            var live = sessions.Where(s => s.Queue == queue && s.State != SessionState.Deferred).ToList();
            Assert.That(tally.Live(queue), Is.EqualTo(live.Count), queue);
            Assert.That(tally.OldestLiveQueuedAt(queue), Is.EqualTo(live.Count == 0 ? null : live.Min(s => s.QueuedAt)), queue);
            foreach (var state in states)
                Assert.That(tally.Count(queue, state), Is.EqualTo(sessions.Count(s => s.Queue == queue && s.State == state)), $"{queue} {state}");
        }
        Assert.That(tally.Counts.Values.Sum(), Is.EqualTo(sessions.Count));
    }

    [Test]
    public void AWaitingList_CountsOnce_AndKeepsItsTally()
    {
        var list = new WaitingList([new Session { Id = "a", Ticket = "300000001", Queue = "101", State = SessionState.Queued, QueuedAt = T0 }]);
        Assert.That(WaitingTally.Of(list), Is.SameAs(WaitingTally.Of(list)));
        Assert.That(WaitingTally.Of(list).Live("101"), Is.EqualTo(1));
    }
}
