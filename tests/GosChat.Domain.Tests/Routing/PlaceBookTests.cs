using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Routing;

/// <summary>
/// The place book tells only what changed, and what it has told always adds up to ranking every queue afresh
/// (QueueMetrics.Places), whatever happens to the queues in between.
/// </summary>
public class PlaceBookTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 6, 0);
    private static readonly QueueMetrics Metrics = new(new ContactCentreOptions { DefaultHandleTime = Duration.FromSeconds(120) });

    private static Session Waiting(int n, int second, string queue = "101", int priority = 0, SessionState state = SessionState.Queued) => new()
    {
        Id = "s" + n, Ticket = "3" + n.ToString("D8"), Queue = queue, State = state, Priority = priority, Version = 1,
        CreatedAt = T0 + Duration.FromSeconds(second), QueuedAt = T0 + Duration.FromSeconds(second), OrderAt = T0 + Duration.FromSeconds(second),
    };

    private static readonly OperatorState Op = new()
    {
        Id = "op", Name = "op", Queues = ["101", "102"], Languages = ["ru"], MaxChats = 2, Presence = Presence.Available, Connections = ["c"],
    };

    private static RoutingSnapshot Snapshot(IEnumerable<Session> waiting, IEnumerable<OperatorState>? ops = null) =>
        new(waiting.ToList(), (ops ?? [Op]).ToList(), [], new Dictionary<string, IReadOnlyList<int>> { ["101"] = [90, 150] });

    [Test]
    public void FirstLook_TellsEveryPlace_ThenNothingWhileNothingMoves()
    {
        var book = new PlaceBook(Metrics);
        var snapshot = Snapshot([Waiting(1, 0), Waiting(2, 5), Waiting(3, 1, "102")]);

        Assert.That(book.Changes(snapshot), Is.EquivalentTo(Metrics.Places(snapshot).Select(kv => (kv.Key, kv.Value))));
        Assert.That(book.Changes(snapshot), Is.Empty);
        Assert.That(book.Changes(snapshot with { }), Is.Empty, "the same waiting list in a new snapshot");
    }

    [Test]
    public void Newcomers_BehindEveryone_AreTheOnlyOnesTold()
    {
        var book = new PlaceBook(Metrics);
        List<Session> waiting = [Waiting(1, 0), Waiting(2, 5), Waiting(3, 1, "102")];
        book.Changes(Snapshot(waiting));

        List<Session> after = [.. waiting, Waiting(4, 9), Waiting(5, 9, "102"), Waiting(6, 10, state: SessionState.Deferred)];
        var changes = book.Changes(Snapshot(after));

        var expected = Metrics.Places(Snapshot(after));
        Assert.That(changes.Select(c => c.SessionId), Is.EquivalentTo(new[] { "s4", "s5", "s6" }));
        Assert.That(changes, Is.All.Matches<(string Id, QueuePlace Place)>(c => expected[c.Id] == c.Place));
    }

    [Test]
    public void ANewcomerAhead_OrOneLeaving_MovesThoseBehind()
    {
        var book = new PlaceBook(Metrics);
        List<Session> waiting = [Waiting(1, 0), Waiting(2, 5), Waiting(3, 6)];
        book.Changes(Snapshot(waiting));

        var urgent = book.Changes(Snapshot([.. waiting, Waiting(4, 9, priority: 5)]));
        Assert.That(urgent.Select(c => (c.SessionId, c.Place.Position)),
            Is.EquivalentTo(new[] { ("s4", 1), ("s1", 2), ("s2", 3), ("s3", 4) }));

        var left = book.Changes(Snapshot([Waiting(4, 9, priority: 5), Waiting(2, 5), Waiting(3, 6)]));
        Assert.That(left.Select(c => (c.SessionId, c.Place.Position)), Is.EquivalentTo(new[] { ("s2", 2), ("s3", 3) }));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void WhatWasTold_AlwaysAddsUpToRankingAfresh(int seed)
    {
        var random = new Random(seed);
        var book = new PlaceBook(Metrics);
        var waiting = new List<Session>();
        var told = new Dictionary<string, QueuePlace>();
        var next = 0;
        var ops = new List<OperatorState> { Op };
        for (var step = 0; step < 300; step++)
        {
            switch (random.Next(10))
            {
                case < 5: // joins, mostly behind everyone
                    next++;
                    waiting.Add(Waiting(next, next + random.Next(0, 3) - 1, random.Next(3) == 0 ? "102" : "101",
                        random.Next(8) == 0 ? 3 : 0, random.Next(6) == 0 ? SessionState.Deferred : SessionState.Queued));
                    break;
                case 5 or 6 when waiting.Count > 0: // leaves
                    waiting.RemoveAt(random.Next(waiting.Count));
                    break;
                case 7 when waiting.Count > 0: // is offered
                    var i = random.Next(waiting.Count);
                    waiting[i] = waiting[i] with { State = SessionState.Offered, Version = waiting[i].Version + 1 };
                    break;
                case 8: // the staff changes
                    ops = random.Next(2) == 0 ? [Op] : [Op, Op with { Id = "op2" }];
                    break;
            }
            var snapshot = Snapshot([.. waiting], ops);
            foreach (var (id, place) in book.Changes(snapshot)) told[id] = place;

            var fresh = Metrics.Places(snapshot);
            foreach (var (id, place) in fresh)
                Assert.That(told.GetValueOrDefault(id), Is.EqualTo(place), $"step {step}: {id}");
        }
    }

    /// <summary>
    /// The same, with lists that name their predecessor and what changed (as the stores hand them out), the chain broken
    /// now and then (a list read whole, a list the book never saw): checked from the change alone, the book still adds up
    /// to ranking afresh, and the place it gives a session for the snapshot it was last shown is that place.
    /// </summary>
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(8)]
    public void WithListsThatNameWhatChanged_WhatWasTold_StillAddsUpToRankingAfresh(int seed)
    {
        var random = new Random(seed);
        var book = new PlaceBook(Metrics);
        var waiting = new Dictionary<string, Session>();
        var told = new Dictionary<string, QueuePlace>();
        var changed = new HashSet<string>();
        WaitingList? last = null;
        var next = 0;
        for (var step = 0; step < 400; step++)
        {
            switch (random.Next(10))
            {
                case < 6: // joins, mostly behind everyone
                    next++;
                    var joined = Waiting(next, next + random.Next(0, 3) - 1, random.Next(3) == 0 ? "102" : "101",
                        random.Next(8) == 0 ? 3 : 0, random.Next(6) == 0 ? SessionState.Deferred : SessionState.Queued);
                    waiting[joined.Id] = joined;
                    changed.Add(joined.Id);
                    break;
                case 6 when waiting.Count > 0: // leaves
                    var gone = waiting.Keys.ElementAt(random.Next(waiting.Count));
                    waiting.Remove(gone);
                    changed.Add(gone);
                    break;
                case 7 when waiting.Count > 0: // is offered
                    var offered = waiting.Values.ElementAt(random.Next(waiting.Count));
                    waiting[offered.Id] = offered with { State = SessionState.Offered, Version = offered.Version + 1 };
                    changed.Add(offered.Id);
                    break;
            }
            var list = random.Next(12) switch
            {
                0 => new WaitingList(waiting.Values), // read whole
                1 when last is not null => new WaitingList(waiting.Values, new WaitingList(waiting.Values), [], []), // after a list never shown
                _ when last is null => new WaitingList(waiting.Values),
                _ => new WaitingList(waiting.Values, last,
                    [.. changed.Where(waiting.ContainsKey).Select(id => waiting[id])], [.. changed.Where(id => !waiting.ContainsKey(id))]),
            };
            last = list;
            changed.Clear();
            var snapshot = new RoutingSnapshot(list, [Op], [], new Dictionary<string, IReadOnlyList<int>> { ["101"] = [90, 150] });
            foreach (var (id, place) in book.Changes(snapshot)) told[id] = place;

            var fresh = Metrics.Places(snapshot);
            foreach (var (id, place) in fresh)
            {
                Assert.That(told.GetValueOrDefault(id), Is.EqualTo(place), $"step {step}: {id}");
                Assert.That(book.PlaceIn(snapshot, id), Is.EqualTo(place), $"step {step}: {id} read back");
                Assert.That(Metrics.PlaceOf(snapshot, id), Is.EqualTo(place), $"step {step}: {id} counted");
            }
            Assert.That(book.PlaceIn(snapshot with { }, waiting.Keys.FirstOrDefault() ?? "none"), Is.Null, "another snapshot is not read back");
        }
    }

    [Test]
    public void AListThatNamesTheLastOneSeen_IsCheckedByItsChangeAlone()
    {
        var book = new PlaceBook(Metrics);
        List<Session> waiting = [Waiting(1, 0), Waiting(2, 5)];
        var first = new WaitingList(waiting);
        book.Changes(new RoutingSnapshot(first, [Op], [], new Dictionary<string, IReadOnlyList<int>>()));

        // The list claims only s3 joined; s1 in it has a version the book never told. A book that compared the whole
        // list would see s1 changed and rank again (telling s1); one that trusts the change tells s3 alone.
        var second = new WaitingList([waiting[0] with { Version = 7 }, waiting[1], Waiting(3, 9)], first, [Waiting(3, 9)], []);
        var changes = book.Changes(new RoutingSnapshot(second, [Op], [], new Dictionary<string, IReadOnlyList<int>>()));
        Assert.That(changes.Select(c => (c.SessionId, c.Place.Position)), Is.EqualTo(new[] { ("s3", 3) }));

        // A list whose predecessor the book never saw is compared whole: s1's new version is seen, and s1 told again.
        var third = new WaitingList([waiting[0] with { Version = 8 }, waiting[1], Waiting(3, 9)], new WaitingList([]), [], []);
        changes = book.Changes(new RoutingSnapshot(third, [Op], [], new Dictionary<string, IReadOnlyList<int>>()));
        Assert.That(changes, Is.Empty, "ranked again, no place moved");
        Assert.That(book.PlaceIn(new RoutingSnapshot(third, [Op], [], new Dictionary<string, IReadOnlyList<int>>()), "s1"), Is.Null,
            "only the very snapshot shown is read back");
    }
}
