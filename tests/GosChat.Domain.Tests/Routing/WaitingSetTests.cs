using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Tests.Routing;

/// <summary>
/// The store's waiting set hands out lists that share chunks with it: each list holds exactly the sessions of the
/// moment it was made, whatever the set does afterwards (puts, replacements, removals across chunk borders, clearing).
/// </summary>
public class WaitingSetTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void EveryList_KeepsTheSessionsOfItsMoment(int seed)
    {
        var random = new Random(seed);
        var set = new WaitingSet();
        var model = new Dictionary<string, Session>();
        var lists = new List<(WaitingList List, Dictionary<string, Session> Then)>();
        var next = 0;
        for (var step = 0; step < 4000; step++)
        {
            switch (random.Next(20))
            {
                case < 10: // joins
                    var joined = new Session { Id = "s" + next++, Ticket = "300000001", Queue = "101", Version = 1 };
                    set.Put(joined);
                    model[joined.Id] = joined;
                    break;
                case < 15 when model.Count > 0: // leaves
                    var gone = model.Keys.ElementAt(random.Next(model.Count));
                    Assert.That(set.Remove(gone), Is.True);
                    model.Remove(gone);
                    break;
                case < 19 when model.Count > 0: // changes
                    var changed = model.Values.ElementAt(random.Next(model.Count));
                    model[changed.Id] = changed with { Version = changed.Version + 1 };
                    set.Put(model[changed.Id]);
                    break;
            }
            if (step == 2500)
            {
                set.Clear();
                model.Clear();
            }
            Assert.That(set.Remove("never-there"), Is.False);
            Assert.That(set.Count, Is.EqualTo(model.Count));
            if (random.Next(40) == 0)
                lists.Add((new WaitingList(set.Freeze(), null, [], []), new Dictionary<string, Session>(model)));
        }
        foreach (var (list, then) in lists)
        {
            Assert.That(list, Has.Count.EqualTo(then.Count));
            Assert.That(list.ToHashSet(ReferenceEqualityComparer.Instance).SetEquals(then.Values), Is.True, "the same session records");
            Assert.That(Enumerable.Range(0, list.Count).Select(i => list[i]), Is.EqualTo(list.ToList()), "the indexer reads as enumeration does");
        }
        Assert.That(lists.Select(l => l.List.Count).Max(), Is.GreaterThan(2 * WaitingSet.ChunkSize), "several chunks were in play");
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(256)]
    [TestCase(601)]
    public void AListMadeFromSessions_HoldsThemInOrder(int count)
    {
        var sessions = Enumerable.Range(0, count).Select(i => new Session { Id = "s" + i, Ticket = "300000001", Queue = "101" }).ToList();
        var list = new WaitingList(sessions);
        Assert.That(list, Is.EqualTo(sessions));
        Assert.That(Enumerable.Range(0, count).Select(i => list[i]), Is.EqualTo(sessions));
        Assert.That(() => list[count], Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
