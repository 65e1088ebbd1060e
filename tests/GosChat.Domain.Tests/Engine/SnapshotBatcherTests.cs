using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using GosChat.Storage.InMemory;
using NodaTime;

namespace GosChat.Domain.Tests.Engine;

public class SnapshotBatcherTests
{
    /// <summary>The in-memory store, with snapshot reads that take a while and are counted.</summary>
    private sealed class SlowStore(TimeSpan readTime) : IRoutingStore
    {
        private readonly InMemoryRoutingStore _inner = new();
        public int Reads;

        public async Task<RoutingSnapshot> LoadSnapshotAsync()
        {
            Interlocked.Increment(ref Reads);
            var snapshot = await _inner.LoadSnapshotAsync();
            await Task.Delay(readTime);
            return snapshot;
        }

        public Task<Session?> GetSessionAsync(string sessionId) => _inner.GetSessionAsync(sessionId);
        public Task<OperatorState?> GetOperatorAsync(string operatorId) => _inner.GetOperatorAsync(operatorId);
        public Task<Offer?> GetOfferAsync(string offerId) => _inner.GetOfferAsync(offerId);
        public Task<string?> FindSessionByResumeTokenAsync(string tokenHash) => _inner.FindSessionByResumeTokenAsync(tokenHash);
        public Task<string?> FindSessionByCallIdAsync(string callId) => _inner.FindSessionByCallIdAsync(callId);
        public Task<bool> CommitAsync(RoutingChange change) => _inner.CommitAsync(change);
        public Task HeartbeatAsync(string nodeId, Instant aliveUntil) => _inner.HeartbeatAsync(nodeId, aliveUntil);
        public Task<IReadOnlyCollection<string>> DeadNodesAsync(IEnumerable<string> nodeIds, Instant now) => _inner.DeadNodesAsync(nodeIds, now);
        public Task<IReadOnlyList<Session>> GetSessionsAsync(IEnumerable<string> sessionIds) => _inner.GetSessionsAsync(sessionIds);
    }

    private static Session Queued(string id) => new()
    {
        Id = id, Ticket = "300000001", Queue = "101", State = SessionState.Queued,
        CreatedAt = Instant.FromUtc(2026, 11, 23, 7, 0), QueuedAt = Instant.FromUtc(2026, 11, 23, 7, 0), OrderAt = Instant.FromUtc(2026, 11, 23, 7, 0),
    };

    [Test]
    public async Task ConcurrentCallers_ShareReads()
    {
        var store = new SlowStore(TimeSpan.FromMilliseconds(100));
        var batcher = new SnapshotBatcher(store);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => batcher.LoadAsync()));

        Assert.That(results, Has.All.Not.Null);
        Assert.That(store.Reads, Is.LessThan(100));
    }

    [Test]
    public async Task ACaller_SeesWhatItCommittedBeforeAsking_EvenWhileAnOlderReadRuns()
    {
        var store = new SlowStore(TimeSpan.FromMilliseconds(200));
        var batcher = new SnapshotBatcher(store);
        var older = batcher.LoadAsync(); // a read in flight that started before the commit
        await GosChat.TestSupport.Eventually.AssertAsync(() => Volatile.Read(ref store.Reads) == 1, "first read started");

        Assert.That(await store.CommitAsync(new RoutingChange().Put(Queued("s1"))), Is.True);
        var mine = await batcher.LoadAsync();

        Assert.That((await older).Waiting, Is.Empty);
        Assert.That(mine.Waiting.Select(s => s.Id), Is.EqualTo(new[] { "s1" }));
    }

    [Test]
    public void AFailedRead_FailsItsCallers_AndTheNextCallReadsAgain()
    {
        var batcher = new SnapshotBatcher(new FailingStore());
        Assert.That(async () => await batcher.LoadAsync(), Throws.InvalidOperationException);
        Assert.That(async () => await batcher.LoadAsync(), Throws.InvalidOperationException);
    }

    private sealed class FailingStore : IRoutingStore
    {
        public Task<RoutingSnapshot> LoadSnapshotAsync() => throw new InvalidOperationException("store down");
        public Task<Session?> GetSessionAsync(string sessionId) => throw new NotSupportedException();
        public Task<OperatorState?> GetOperatorAsync(string operatorId) => throw new NotSupportedException();
        public Task<Offer?> GetOfferAsync(string offerId) => throw new NotSupportedException();
        public Task<string?> FindSessionByResumeTokenAsync(string tokenHash) => throw new NotSupportedException();
        public Task<string?> FindSessionByCallIdAsync(string callId) => throw new NotSupportedException();
        public Task<bool> CommitAsync(RoutingChange change) => throw new NotSupportedException();
        public Task HeartbeatAsync(string nodeId, Instant aliveUntil) => throw new NotSupportedException();
        public Task<IReadOnlyCollection<string>> DeadNodesAsync(IEnumerable<string> nodeIds, Instant now) => throw new NotSupportedException();
        public Task<IReadOnlyList<Session>> GetSessionsAsync(IEnumerable<string> sessionIds) => throw new NotSupportedException();
    }
}
