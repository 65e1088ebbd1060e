using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Sessions;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Storage.Tests.Engine;

/// <summary>
/// The routing engine over each store, with several engines ("nodes") sharing one store and working in
/// parallel: sessions are never assigned twice and operators never get more than their capacity.
/// </summary>
public abstract class RoutingEngineContract
{
    private StoreFactory _factory = null!;
    private FakeClock _clock = null!;
    protected abstract StoreFactory CreateFactory();

    [OneTimeSetUp] public void StartStores() => _factory = CreateFactory();
    [OneTimeTearDown] public void StopStores() => _factory.Dispose();

    [SetUp]
    public void Clean()
    {
        _factory.Reset();
        _clock = FakeClock.FromUtc(2026, 11, 23, 9, 0, 0);
    }

    private ContactCentre Node(string? nodeId = null) => new(_factory.Routing(), _factory.Messages(), _factory.Tickets(), _clock,
        new ContactCentreOptions { NodeId = nodeId ?? Guid.NewGuid().ToString("N") });

    private static OperatorAccount Account(string id, int maxChats, params string[] queues) => new()
    {
        Id = id, Name = id, Queues = queues, Languages = ["ru", "en"], MaxChats = maxChats,
    };

    [Test]
    public async Task ParallelDispatchAndAccept_OnSeveralNodes_NeverDoubleAssigns_NorExceedsCapacity()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => Node()).ToArray();
        var operators = Enumerable.Range(0, 6).Select(i => Account("op" + i, maxChats: 2, "101", "102")).ToList();
        foreach (var (account, i) in operators.Select((a, i) => (a, i)))
        {
            var node = nodes[i % nodes.Length];
            await node.Operators.ConnectedAsync(account, "conn-" + account.Id);
            await node.Operators.SetPresenceAsync(account.Id, "available");
        }

        var started = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Task.Run(() => nodes[i % nodes.Length].Citizens.StartAsync(new StartRequest { Topic = i % 2 == 0 ? "101" : "102" }))));

        // Every node dispatches and every operator accepts whatever it is offered, all at once, until nothing moves.
        for (var round = 0; round < 40; round++)
        {
            await Task.WhenAll(nodes.Select(n => Task.Run(n.Dispatcher.DispatchAsync)));
            var snapshot = await nodes[0].Store.LoadSnapshotAsync();
            if (snapshot.Offers.Count == 0) break;
            await Task.WhenAll(snapshot.Offers.SelectMany(offer => nodes.Select(node => Task.Run(async () =>
            {
                try { await node.Operators.AcceptAsync(offer.OperatorId, offer.Id); }
                catch (GosChat.Domain.DomainException) { /* another node accepted it first */ }
            }))));
        }

        var all = await nodes[0].Store.GetSessionsAsync(started.Select(s => s.Session.Id));
        var finalOperators = (await nodes[0].Store.LoadSnapshotAsync()).Operators;
        var active = all.Where(s => s.State == SessionState.Active).ToList();

        Assert.That(active, Has.Count.EqualTo(12), "6 operators × 2 chats");
        Assert.That(finalOperators.All(o => o.Work.Count <= o.MaxChats), Is.True);
        Assert.That(finalOperators.SelectMany(o => o.Work.Select(w => w.SessionId)), Is.Unique);
        foreach (var s in active)
        {
            var holder = finalOperators.Where(o => o.Work.Any(w => w.SessionId == s.Id)).ToList();
            Assert.That(holder, Has.Count.EqualTo(1));
            Assert.That(holder[0].Id, Is.EqualTo(s.OperatorId));
        }
        Assert.That(all.Count(s => s.State == SessionState.Queued), Is.EqualTo(18));
    }

    [Test]
    public async Task TwoNodesAcceptingOneOffer_ExactlyOneSucceeds()
    {
        var a = Node();
        var b = Node();
        await a.Operators.ConnectedAsync(Account("op", 3, "101"), "c1");
        await a.Operators.SetPresenceAsync("op", "available");
        await a.Citizens.StartAsync(new StartRequest { Topic = "101" });
        await a.Dispatcher.DispatchAsync();
        var offer = (await a.Store.LoadSnapshotAsync()).Offers.Single();

        var outcomes = await Task.WhenAll(
            Task.Run(async () => { try { await a.Operators.AcceptAsync("op", offer.Id); return true; } catch (GosChat.Domain.DomainException) { return false; } }),
            Task.Run(async () => { try { await b.Operators.AcceptAsync("op", offer.Id); return true; } catch (GosChat.Domain.DomainException) { return false; } }));

        Assert.That(outcomes.Count(o => o), Is.EqualTo(1));
        var op = await a.Store.GetOperatorAsync("op");
        Assert.That(op!.Work, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ExpiredOffer_GoesToTheNextOperator()
    {
        var node = Node();
        await node.Operators.ConnectedAsync(Account("first", 3, "101"), "c1");
        await node.Operators.SetPresenceAsync("first", "available");
        _clock.AdvanceSeconds(10);
        await node.Operators.ConnectedAsync(Account("second", 3, "101"), "c2");
        await node.Operators.SetPresenceAsync("second", "available");
        var started = await node.Citizens.StartAsync(new StartRequest { Topic = "101" });
        await node.Dispatcher.DispatchAsync();
        Assert.That((await node.Store.LoadSnapshotAsync()).Offers.Single().OperatorId, Is.EqualTo("first"), "idle longest first");

        _clock.Advance(node.Options.OfferTimeout);
        await node.Dispatcher.SweepAsync();
        await node.Dispatcher.DispatchAsync();

        var offers = (await node.Store.LoadSnapshotAsync()).Offers;
        Assert.That(offers.Single().OperatorId, Is.EqualTo("second"));
        Assert.That(offers.Single().SessionId, Is.EqualTo(started.Session.Id));
    }
    [Test]
    public async Task OperatorsOfACrashedNode_CountAsDisconnected_AndTheirSessionsReturnAfterGrace()
    {
        var crashed = Node("crashed");
        var survivor = Node("survivor");
        await crashed.Operators.ConnectedAsync(Account("op", 3, "101"), "c1");
        await crashed.Operators.SetPresenceAsync("op", "available");
        var started = await crashed.Citizens.StartAsync(new StartRequest { Topic = "101" });
        await crashed.Dispatcher.DispatchAsync();
        var offer = (await crashed.Store.LoadSnapshotAsync()).Offers.Single();
        await crashed.Operators.AcceptAsync("op", offer.Id);
        // "crashed" never sweeps again, so it never sends a heartbeat; the survivor's sweep notices.
        await survivor.Dispatcher.SweepAsync();

        var op = await survivor.Store.GetOperatorAsync("op");
        Assert.That(op!.IsConnected, Is.False);
        Assert.That(op.DisconnectedAt, Is.EqualTo(_clock.GetCurrentInstant()));
        Assert.That((await survivor.Store.GetSessionAsync(started.Session.Id))!.State, Is.EqualTo(SessionState.Active), "kept during the grace period");

        _clock.Advance(survivor.Options.DisconnectGrace);
        await survivor.Dispatcher.SweepAsync();

        var returned = await survivor.Store.GetSessionAsync(started.Session.Id);
        Assert.That(returned!.State, Is.EqualTo(SessionState.Queued));
        Assert.That(returned.OperatorId, Is.Null);
    }

    [Test]
    public async Task ANodeTakenForDead_PutsItsLiveConnectionsBack_OnItsNextSweep()
    {
        var slow = Node("slow");
        var other = Node("other");
        await slow.Operators.ConnectedAsync(Account("op", 3, "101"), "c1");
        await other.Dispatcher.SweepAsync(); // "slow" has not beaten yet: its connection is dropped
        Assert.That((await other.Store.GetOperatorAsync("op"))!.IsConnected, Is.False);

        await slow.Dispatcher.SweepAsync();

        var op = await other.Store.GetOperatorAsync("op");
        Assert.That(op!.IsConnected, Is.True);
        Assert.That(op.DisconnectedAt, Is.Null);
        await other.Dispatcher.SweepAsync(); // alive now: nothing is dropped
        Assert.That((await other.Store.GetOperatorAsync("op"))!.Connections, Has.Count.EqualTo(1));
    }
}

[TestFixture]
public sealed class InMemoryRoutingEngineTests : RoutingEngineContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
}

[TestFixture]
public sealed class RedisRoutingEngineTests : RoutingEngineContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
}
