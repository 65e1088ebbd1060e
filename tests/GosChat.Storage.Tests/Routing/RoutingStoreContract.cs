using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;
using static GosChat.Storage.Tests.Routing.Samples;

namespace GosChat.Storage.Tests.Routing;

/// <summary>What every routing store must do; run against the in-memory store and against Redis.</summary>
public abstract class RoutingStoreContract
{
    protected StoreFactory Factory = null!;
    protected abstract StoreFactory CreateFactory();

    [OneTimeSetUp] public void StartStores() => Factory = CreateFactory();
    [OneTimeTearDown] public void StopStores() => Factory.Dispose();
    [SetUp] public void Clean() => Factory.Reset();

    private IRoutingStore Store => Factory.Routing();

    [Test]
    public async Task Commit_StoresNewSession_WithVersionOne()
    {
        Assert.That(await Store.CommitAsync(new RoutingChange().Put(Session("s1"))), Is.True);

        var stored = await Store.GetSessionAsync("s1");
        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.Version, Is.EqualTo(1));
        Assert.That(stored.Queue, Is.EqualTo("101"));
        Assert.That(stored.CreatedAt, Is.EqualTo(T0));
    }

    [Test]
    public async Task LanguageFallback_ExpiredOfferMarks_AndInterpreterTier_AreKept_InTheRecordAndTheSnapshot()
    {
        var session = Session("s1") with
        {
            Language = "tt",
            FallbackLanguage = "ru",
            Declines = [new DeclineMark("o1", T0 + Duration.FromMinutes(5), Expired: true), new DeclineMark("o2", T0 + Duration.FromMinutes(5))],
        };
        await Store.CommitAsync(new RoutingChange().Put(session).Put(Operator("o1") with { Interpreter = true }));

        var stored = (await Store.GetSessionAsync("s1"))!;
        Assert.That(stored.FallbackLanguage, Is.EqualTo("ru"));
        Assert.That(stored.Declines.Select(d => (d.OperatorId, d.Expired)), Is.EqualTo(new[] { ("o1", true), ("o2", false) }));
        var snapshot = await Store.LoadSnapshotAsync();
        Assert.That(snapshot.Waiting.Single().FallbackLanguage, Is.EqualTo("ru"));
        Assert.That(snapshot.Operators.Single().Interpreter, Is.True);
    }

    [Test]
    public async Task Commit_RefusesNewSession_WhenIdAlreadyExists()
    {
        await Store.CommitAsync(new RoutingChange().Put(Session("s1")));

        Assert.That(await Store.CommitAsync(new RoutingChange().Put(Session("s1", queue: "102"))), Is.False);
        Assert.That((await Store.GetSessionAsync("s1"))!.Queue, Is.EqualTo("101"));
    }

    [Test]
    public async Task Commit_RefusesStaleVersion_AndWritesNothingOfTheChange()
    {
        await Store.CommitAsync(new RoutingChange().Put(Session("s1")).Put(Operator("o1")));
        var s = (await Store.GetSessionAsync("s1"))!;
        var o = (await Store.GetOperatorAsync("o1"))!;
        Assert.That(await Store.CommitAsync(new RoutingChange().Put(s with { Priority = 5 })), Is.True);

        // s is now stale; the operator part of the same change must not be written either.
        var stale = new RoutingChange().Put(s with { Priority = 9 }).Put(o with { Name = "changed" });
        Assert.That(await Store.CommitAsync(stale), Is.False);

        Assert.That((await Store.GetSessionAsync("s1"))!.Priority, Is.EqualTo(5));
        Assert.That((await Store.GetOperatorAsync("o1"))!.Name, Is.EqualTo("Operator o1"));
    }

    [Test]
    public async Task Snapshot_HoldsWaitingSessionsOnly_AndAllOperatorsAndOffers()
    {
        var offer = new Offer { Id = "f1", SessionId = "s2", OperatorId = "o1", Queue = "101", CreatedAt = T0, ExpiresAt = T0 + Duration.FromSeconds(20) };
        await Store.CommitAsync(new RoutingChange()
            .Put(Session("s1"))
            .Put(Session("s2", state: SessionState.Offered) with { OfferId = "f1" })
            .Put(Session("s3", state: SessionState.Active))
            .Put(Session("s4", state: SessionState.Deferred))
            .Put(Operator("o1")).Put(Operator("o2"))
            .Put(offer));

        var snapshot = await Store.LoadSnapshotAsync();

        Assert.That(snapshot.Waiting.Select(s => s.Id), Is.EquivalentTo(new[] { "s1", "s2", "s4" }));
        Assert.That(snapshot.Operators.Select(o => o.Id), Is.EquivalentTo(new[] { "o1", "o2" }));
        Assert.That(snapshot.Offers.Single().ExpiresAt, Is.EqualTo(T0 + Duration.FromSeconds(20)));
    }

    [Test]
    public async Task Snapshot_DropsSession_WhenItLeavesTheQueue()
    {
        await Store.CommitAsync(new RoutingChange().Put(Session("s1")));
        var s = (await Store.GetSessionAsync("s1"))!;
        await Store.CommitAsync(new RoutingChange().Put(s.Closed("citizen", null, T0)));

        Assert.That((await Store.LoadSnapshotAsync()).Waiting, Is.Empty);
        Assert.That((await Store.GetSessionAsync("s1"))!.State, Is.EqualTo(SessionState.Closed));
    }

    [Test]
    public async Task Snapshot_OfOneNode_FollowsWhatEveryNodeCommits()
    {
        // On Redis each Store is a node of its own (with its own copy of the waiting sessions); in memory, one store.
        var reader = Store;
        Assert.That((await reader.LoadSnapshotAsync()).Waiting, Is.Empty);

        await Store.CommitAsync(new RoutingChange().Put(Session("s1")).Put(Session("s2", ageSeconds: 5)));
        Assert.That((await reader.LoadSnapshotAsync()).Waiting.Select(x => x.Id), Is.EquivalentTo(new[] { "s1", "s2" }));

        var writer = Store;
        var s1 = (await writer.GetSessionAsync("s1"))!;
        var s2 = (await writer.GetSessionAsync("s2"))!;
        await writer.CommitAsync(new RoutingChange().Put(s1.Closed("citizen", null, T0)).Put(s2 with { State = SessionState.Offered, OfferId = "f1" }));
        await writer.CommitAsync(new RoutingChange().Put(Session("s3", state: SessionState.Deferred)));

        var waiting = (await reader.LoadSnapshotAsync()).Waiting;
        Assert.That(waiting.Select(x => (x.Id, x.State)), Is.EquivalentTo(new[] { ("s2", SessionState.Offered), ("s3", SessionState.Deferred) }));
        Assert.That(waiting.Single(x => x.Id == "s2").Version, Is.EqualTo(2), "the record as stored now, not the first one read");
    }

    [Test]
    public async Task SessionAndOperatorReads_OfOneNode_FollowWhatEveryNodeCommits()
    {
        // On Redis each Store is a node of its own, which keeps the records it read; a read must still see every commit.
        var reader = Store;
        var writer = Store;
        await writer.CommitAsync(new RoutingChange().Put(Session("s1")).Put(Operator("o1")));
        Assert.That((await reader.GetSessionAsync("s1"))!.Version, Is.EqualTo(1));
        Assert.That((await reader.GetOperatorAsync("o1"))!.Version, Is.EqualTo(1));
        Assert.That((await reader.GetSessionAsync("s1"))!.Queue, Is.EqualTo("101"), "read again, unchanged");

        var s1 = (await writer.GetSessionAsync("s1"))!;
        var o1 = (await writer.GetOperatorAsync("o1"))!;
        await writer.CommitAsync(new RoutingChange().Put(s1 with { Queue = "102" }).Put(o1 with { Name = "Renamed" }));

        var session = (await reader.GetSessionAsync("s1"))!;
        Assert.That((session.Version, session.Queue), Is.EqualTo((2L, "102")));
        var op = (await reader.GetOperatorAsync("o1"))!;
        Assert.That((op.Version, op.Name), Is.EqualTo((2L, "Renamed")));

        await writer.CommitAsync(new RoutingChange().Put(session.Closed("citizen", null, T0)));
        Assert.That((await reader.GetSessionAsync("s1"))!.State, Is.EqualTo(SessionState.Closed));
    }

    [Test]
    public async Task Snapshot_HandsOutTheSameWaitingList_UntilAWaitingSessionChanges()
    {
        var reader = Store;
        await Store.CommitAsync(new RoutingChange().Put(Session("s1")));
        var first = (await reader.LoadSnapshotAsync()).Waiting;

        await Store.CommitAsync(new RoutingChange().Put(Operator("o1")));
        Assert.That((await reader.LoadSnapshotAsync()).Waiting, Is.SameAs(first), "an operator's change leaves the waiting list alone");

        await Store.CommitAsync(new RoutingChange().Put(Session("s2")));
        var second = (await reader.LoadSnapshotAsync()).Waiting;
        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(second.Select(x => x.Id), Is.EquivalentTo(new[] { "s1", "s2" }));
    }

    [Test]
    public async Task EachWaitingList_NamesTheOneBefore_AndWhatChangedSince()
    {
        // What a node's place book reads instead of the whole queue: a list must name its predecessor and exactly the
        // sessions that joined, changed or left since (on Redis, as this node learned them from the change log).
        var reader = Store;
        await Store.CommitAsync(new RoutingChange().Put(Session("s1")).Put(Session("s2", ageSeconds: 5)));
        var first = (WaitingList)(await reader.LoadSnapshotAsync()).Waiting;

        var writer = Store;
        var s1 = (await writer.GetSessionAsync("s1"))!;
        var s2 = (await writer.GetSessionAsync("s2"))!;
        await writer.CommitAsync(new RoutingChange().Put(s1.Closed("citizen", null, T0)));
        await writer.CommitAsync(new RoutingChange().Put(s2 with { State = SessionState.Offered, OfferId = "f1" }).Put(Session("s3")));
        await writer.CommitAsync(new RoutingChange().Put(Session("s4")));
        var s4 = (await writer.GetSessionAsync("s4"))!;
        await writer.CommitAsync(new RoutingChange().Put(s4.Closed("citizen", null, T0))); // joined and left in between

        var second = (WaitingList)(await reader.LoadSnapshotAsync()).Waiting;
        Assert.That(second.BeforeId, Is.EqualTo(first.Id));
        Assert.That(second.Select(x => x.Id), Is.EquivalentTo(new[] { "s2", "s3" }));
        Assert.That(second.Changed.Select(x => (x.Id, x.Version)), Is.EquivalentTo(new[] { ("s2", 2L), ("s3", 1L) }));
        Assert.That(second.Gone, Does.Contain("s1"));
        Assert.That(second.Gone, Is.SubsetOf(new[] { "s1", "s4" }), "only sessions that left");
        Assert.That(second.Changed.Select(x => x.Id).Intersect(second.Gone), Is.Empty);

        await writer.CommitAsync(new RoutingChange().Put(Operator("o1")));
        Assert.That((await reader.LoadSnapshotAsync()).Waiting, Is.SameAs(second), "nothing waiting changed");
        await writer.CommitAsync(new RoutingChange().Put(Session("s5")));
        var third = (WaitingList)(await reader.LoadSnapshotAsync()).Waiting;
        Assert.That((third.BeforeId, third.Changed.Select(x => x.Id).ToList(), third.Gone.Count),
            Is.EqualTo((second.Id, new List<string> { "s5" }, 0)));
    }

    [Test]
    public async Task OfferDelete_RemovesOffer_AndRefusesWhenAlreadyGone()
    {
        var offer = new Offer { Id = "f1", SessionId = "s1", OperatorId = "o1", Queue = "101", CreatedAt = T0, ExpiresAt = T0 };
        await Store.CommitAsync(new RoutingChange().Put(offer));
        var stored = (await Store.GetOfferAsync("f1"))!;

        Assert.That(await Store.CommitAsync(new RoutingChange().Delete(stored)), Is.True);
        Assert.That(await Store.GetOfferAsync("f1"), Is.Null);
        Assert.That(await Store.CommitAsync(new RoutingChange().Delete(stored)), Is.False);
        Assert.That((await Store.LoadSnapshotAsync()).Offers, Is.Empty);
    }

    [Test]
    public async Task ResumeToken_FindsItsSession()
    {
        var change = new RoutingChange().Put(Session("s1"));
        change.ResumeTokens.Add(("hash-1", "s1"));
        await Store.CommitAsync(change);

        Assert.That(await Store.FindSessionByResumeTokenAsync("hash-1"), Is.EqualTo("s1"));
        Assert.That(await Store.FindSessionByResumeTokenAsync("hash-2"), Is.Null);
    }

    [Test]
    public async Task CallId_FindsItsSession_AndIsTakenOnlyOnce()
    {
        var first = new RoutingChange().Put(Session("s1"));
        first.CallIds.Add(("call-1", "s1"));
        Assert.That(await Store.CommitAsync(first), Is.True);

        // A second session racing on the same call id is refused as a whole.
        var second = new RoutingChange().Put(Session("s2"));
        second.CallIds.Add(("call-1", "s2"));
        Assert.That(await Store.CommitAsync(second), Is.False);

        Assert.That(await Store.FindSessionByCallIdAsync("call-1"), Is.EqualTo("s1"));
        Assert.That(await Store.GetSessionAsync("s2"), Is.Null);
        Assert.That(await Store.FindSessionByCallIdAsync("call-2"), Is.Null);
    }

    [Test]
    public async Task HandleTimes_AreKeptNewestFirst_PerQueue()
    {
        var change = new RoutingChange();
        change.HandleTimes.Add(("101", 60));
        change.HandleTimes.Add(("101", 120));
        change.HandleTimes.Add(("102", 30));
        await Store.CommitAsync(change);

        var snapshot = await Store.LoadSnapshotAsync();
        Assert.That(snapshot.HandleTimes["101"], Is.EqualTo(new[] { 120, 60 }));
        Assert.That(snapshot.HandleTimes["102"], Is.EqualTo(new[] { 30 }));
    }

    [Test]
    public async Task GetSessions_ReturnsThoseThatExist()
    {
        await Store.CommitAsync(new RoutingChange().Put(Session("s1")).Put(Session("s2")));

        var found = await Store.GetSessionsAsync(["s1", "missing", "s2"]);

        Assert.That(found.Select(s => s.Id), Is.EquivalentTo(new[] { "s1", "s2" }));
    }

    [Test]
    public async Task ParallelCommits_OnOneRecord_ExactlyOneWinsPerVersion()
    {
        await Store.CommitAsync(new RoutingChange().Put(Session("s1")));
        var read = (await Store.GetSessionAsync("s1"))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => Store.CommitAsync(new RoutingChange().Put(read with { Priority = i + 1 })))));

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        Assert.That((await Store.GetSessionAsync("s1"))!.Version, Is.EqualTo(2));
    }
    [Test]
    public async Task Heartbeat_KeepsANodeAlive_UntilItsTimeRunsOut_OnTheApplicationClock()
    {
        var now = Instant.FromUtc(2031, 3, 3, 9, 0);
        await Store.HeartbeatAsync("a", now + Duration.FromSeconds(15));
        await Store.HeartbeatAsync("b", now + Duration.FromMinutes(5));

        Assert.That(await Store.DeadNodesAsync(["a", "b", "never"], now), Is.EquivalentTo(new[] { "never" }));
        Assert.That(await Store.DeadNodesAsync(["a", "b"], now + Duration.FromSeconds(14)), Is.Empty);
        Assert.That(await Store.DeadNodesAsync(["a", "b"], now + Duration.FromSeconds(15)), Is.EquivalentTo(new[] { "a" }));

        await Store.HeartbeatAsync("a", now + Duration.FromSeconds(45));
        Assert.That(await Store.DeadNodesAsync(["a", "b"], now + Duration.FromSeconds(30)), Is.Empty, "a fresh heartbeat revives the node");
    }
}

[TestFixture]
public sealed class InMemoryRoutingStoreTests : RoutingStoreContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
}

[TestFixture]
public sealed class RedisRoutingStoreTests : RoutingStoreContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
}

/// <summary>
/// Redis only: a node's copy of the waiting sessions (RedisWaitingCache) catches up from the change log, and reads
/// everything again when it fell further behind than the log keeps or when the data was flushed.
/// </summary>
[TestFixture]
public sealed class RedisWaitingCacheTests
{
    private RedisStoreFactory _factory = null!;

    [OneTimeSetUp] public void Start() => _factory = new RedisStoreFactory();
    [OneTimeTearDown] public void Stop() => _factory.Dispose();
    [SetUp] public void Clean() => _factory.Reset();

    private GosChat.Storage.Redis.RedisRoutingStore Node(int logLength = 20_000) =>
        new(_factory.Multiplexer, new GosChat.Storage.Redis.RedisStoreOptions { WaitingLogLength = logLength }, TestCipher.Default);

    [Test]
    public async Task ANodeFurtherBehindThanTheLog_ReadsEverythingAgain()
    {
        var reader = Node(logLength: 3);
        var writer = Node(logLength: 3);
        await writer.CommitAsync(new RoutingChange().Put(Session("s0")));
        Assert.That((await reader.LoadSnapshotAsync()).Waiting.Select(x => x.Id), Is.EqualTo(new[] { "s0" }));

        for (var i = 1; i <= 10; i++) await writer.CommitAsync(new RoutingChange().Put(Session("s" + i)));
        var s0 = (await writer.GetSessionAsync("s0"))!;
        await writer.CommitAsync(new RoutingChange().Put(s0.Closed("citizen", null, T0)));

        Assert.That((await reader.LoadSnapshotAsync()).Waiting.Select(x => x.Id),
            Is.EquivalentTo(Enumerable.Range(1, 10).Select(i => "s" + i)));
    }

    [Test]
    public async Task AfterTheDataWasFlushed_ANodeForgetsWhatItHeld()
    {
        var reader = Node();
        await Node().CommitAsync(new RoutingChange().Put(Session("a")).Put(Session("b")));
        Assert.That((await reader.LoadSnapshotAsync()).Waiting, Has.Count.EqualTo(2));

        _factory.Reset();
        await Node().CommitAsync(new RoutingChange().Put(Session("c")));

        Assert.That((await reader.LoadSnapshotAsync()).Waiting.Select(x => x.Id), Is.EqualTo(new[] { "c" }));
    }

    [Test]
    public async Task ARecordANodeHolds_ReadsAsGone_OnceItIsDeleted_AndAsNew_OnceRewritten()
    {
        var reader = Node();
        await Node().CommitAsync(new RoutingChange().Put(Session("a")).Put(Operator("o1")));
        Assert.That(await reader.GetSessionAsync("a"), Is.Not.Null);
        Assert.That(await reader.GetOperatorAsync("o1"), Is.Not.Null);

        var db = _factory.Multiplexer.GetDatabase();
        await db.KeyDeleteAsync(GosChat.Storage.Redis.RedisKeys.Session("a"));
        Assert.That(await reader.GetSessionAsync("a"), Is.Null, "deleted (expired or erased) under the node");

        // Flushed and written again from version 1: the node's copy of version 1 must not be taken for it.
        await Node().CommitAsync(new RoutingChange().Put(Session("a", queue: "103")));
        Assert.That((await reader.GetSessionAsync("a"))!.Queue, Is.EqualTo("103"));
        _factory.Reset();
        await Node().CommitAsync(new RoutingChange().Put(Operator("o1") with { Name = "Other" }));
        Assert.That((await reader.GetOperatorAsync("o1"))!.Name, Is.EqualTo("Other"));
    }

    [Test]
    public async Task ASnapshot_DecodesOnlyTheStaffRecordsThatChanged_AndSeesEveryChangeOfAnotherNode()
    {
        var reader = Node();
        var writer = Node();
        await writer.CommitAsync(new RoutingChange().Put(Operator("o1")).Put(Operator("o2")));
        var first = await reader.LoadSnapshotAsync();
        Assert.That(first.Operators.Select(o => o.Id), Is.EquivalentTo(new[] { "o1", "o2" }));

        var o2 = (await writer.GetOperatorAsync("o2"))!;
        await writer.CommitAsync(new RoutingChange().Put(o2 with { Name = "Renamed" }));
        var second = await reader.LoadSnapshotAsync();
        Assert.Multiple(() =>
        {
            Assert.That(second.Operators.Single(o => o.Id == "o1"), Is.SameAs(first.Operators.Single(o => o.Id == "o1")), "unchanged: not decoded again");
            Assert.That(second.Operators.Single(o => o.Id == "o2").Name, Is.EqualTo("Renamed"));
            Assert.That(second.Operators.Single(o => o.Id == "o2").Version, Is.EqualTo(2));
        });

        // A record gone under the set (deleted outside a commit) is left out, not taken for an empty one.
        await _factory.Multiplexer.GetDatabase().KeyDeleteAsync(GosChat.Storage.Redis.RedisKeys.Operator("o1"));
        Assert.That((await reader.LoadSnapshotAsync()).Operators.Select(o => o.Id), Is.EqualTo(new[] { "o2" }));

        // Flushed and written again from version 1 with other content: read as the new record.
        _factory.Reset();
        await writer.CommitAsync(new RoutingChange().Put(Operator("o2") with { Name = "After the flush" }));
        Assert.That((await reader.LoadSnapshotAsync()).Operators.Single().Name, Is.EqualTo("After the flush"));
    }

    [Test]
    public async Task ASnapshot_IsNotSentTheStaffRecordsTheNodeHolds_OnlyTheOnesThatChanged()
    {
        var change = new RoutingChange();
        for (var i = 0; i < 200; i++) change.Put(Operator("o" + i) with { Name = new string('n', 400) });
        var writer = Node();
        Assert.That(await writer.CommitAsync(change), Is.True);
        var reader = Node();

        var first = await SentByRedisAsync(() => reader.LoadSnapshotAsync());
        var o7 = (await writer.GetOperatorAsync("o7"))!;
        await writer.CommitAsync(new RoutingChange().Put(o7 with { Name = "Renamed" }));
        var second = await SentByRedisAsync(() => reader.LoadSnapshotAsync());

        Assert.Multiple(() =>
        {
            Assert.That(first.Bytes, Is.GreaterThan(200 * 400), "the first snapshot reads every record");
            Assert.That(second.Bytes, Is.LessThan(first.Bytes / 5), "the second is sent the changed record alone");
            Assert.That(second.Snapshot.Operators, Has.Count.EqualTo(200));
            Assert.That(second.Snapshot.Operators.Single(o => o.Id == "o7").Name, Is.EqualTo("Renamed"));
            Assert.That(second.Snapshot.Operators.Single(o => o.Id == "o8").Name, Is.EqualTo(new string('n', 400)));
        });
    }

    [Test]
    public async Task SnapshotsOfOneNodeInFlightTogether_EachReadEveryRecord()
    {
        var change = new RoutingChange();
        for (var i = 0; i < 50; i++) change.Put(Operator("o" + i));
        await Node().CommitAsync(change);
        var reader = Node();
        for (var round = 0; round < 5; round++)
        {
            var o1 = (await reader.GetOperatorAsync("o1"))!;
            await Node().CommitAsync(new RoutingChange().Put(o1 with { Name = "Round " + round }));
            var snapshots = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => reader.LoadSnapshotAsync()));
            foreach (var snapshot in snapshots)
            {
                Assert.That(snapshot.Operators, Has.Count.EqualTo(50));
                Assert.That(snapshot.Operators.Single(o => o.Id == "o1").Name, Is.EqualTo("Round " + round));
            }
        }
    }

    /// <summary>What redis-server wrote to its clients while <paramref name="read"/> ran (its own INFO reply included).</summary>
    private async Task<(long Bytes, RoutingSnapshot Snapshot)> SentByRedisAsync(Func<Task<RoutingSnapshot>> read)
    {
        var server = _factory.Multiplexer.GetServer(_factory.Multiplexer.GetEndPoints()[0]);
        async Task<long> Sent() => long.Parse((await server.InfoAsync("stats")).SelectMany(g => g)
            .Single(p => p.Key == "total_net_output_bytes").Value, System.Globalization.CultureInfo.InvariantCulture);
        var before = await Sent();
        var snapshot = await read();
        return (await Sent() - before, snapshot);
    }

    [Test]
    public async Task ASnapshot_ReadsAStaffLargerThanOneBatchOfTheScript_Whole()
    {
        var change = new RoutingChange();
        for (var i = 0; i < 1_201; i++) change.Put(Operator("o" + i));
        Assert.That(await Node().CommitAsync(change), Is.True);
        var snapshot = await Node().LoadSnapshotAsync();
        Assert.That(snapshot.Operators.Select(o => o.Id), Is.EquivalentTo(Enumerable.Range(0, 1_201).Select(i => "o" + i)));
    }

    [Test]
    public async Task AnErasedSession_LeavesEveryNodesCopy()
    {
        var reader = Node();
        await Node().CommitAsync(new RoutingChange().Put(Session("a")).Put(Session("b")));
        Assert.That((await reader.LoadSnapshotAsync()).Waiting, Has.Count.EqualTo(2));

        await new GosChat.Storage.Redis.RedisPersonalDataStore(_factory.Multiplexer, new GosChat.Storage.Redis.RedisStoreOptions())
            .EraseSessionAsync("a", null, []);

        Assert.That((await reader.LoadSnapshotAsync()).Waiting.Select(x => x.Id), Is.EqualTo(new[] { "b" }));
        var log = await _factory.Multiplexer.GetDatabase().ListRangeAsync(GosChat.Storage.Redis.RedisKeys.WaitingLog);
        Assert.That(log.Select(e => e.ToString()), Has.None.EndsWith(":a"), "the erased id is gone from the change log too");
        Assert.That(log.Select(e => e.ToString()), Has.Some.EndsWith(":b"));
    }
}
