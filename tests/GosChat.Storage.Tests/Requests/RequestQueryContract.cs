using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;

namespace GosChat.Storage.Tests.Requests;

/// <summary>The supervisors' list from the store's indexes: the same page, counts and order on every store.</summary>
public abstract class RequestQueryContract
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    private StoreFactory _factory = null!;
    private IRequestStore _store = null!;

    protected abstract StoreFactory CreateFactory();
    protected abstract IRequestStore CreateStore(StoreFactory factory);

    [OneTimeSetUp] public void StartStores() => _factory = CreateFactory();
    [OneTimeTearDown] public void StopStores() => _factory.Dispose();

    [SetUp]
    public void Clean()
    {
        _factory.Reset();
        _store = CreateStore(_factory);
    }

    private async Task PutAsync(string ticket, string queue, int dueInHours, params RequestStatus[] moves)
    {
        var r = new ServiceRequest
        {
            Ticket = ticket, Kind = (Domain.Sessions.RequestKind)(ticket[0] - '0'), Queue = queue,
            History = [new StatusChange(RequestStatus.Received, "op-1", T0)], DeadlineClass = "standard", OpenedAt = T0,
            DueAt = T0 + Duration.FromHours(dueInHours), AssigneeId = "op-1", AccessCodeHash = "h",
        };
        foreach (var m in moves) r = r.Moved(m, "op-1", T0);
        Assert.That(await _store.SaveAsync(r), Is.True);
    }

    /// <summary>Six requests over two queues: due in 1..6 hours; at T0 + 3h30 the first three are due.</summary>
    private async Task SeedAsync()
    {
        await PutAsync("300000001", "101", 1);
        await PutAsync("100000002", "102", 2, RequestStatus.InProgress);
        await PutAsync("200000003", "101", 3, RequestStatus.InProgress, RequestStatus.Resolved);
        await PutAsync("300000004", "101", 4, RequestStatus.InProgress, RequestStatus.WaitingForCitizen);
        await PutAsync("300000005", "102", 5);
        await PutAsync("300000006", "101", 6, RequestStatus.Declined);
    }

    private static readonly Instant Now = T0 + Duration.FromMinutes(210);

    [Test]
    public async Task AllQueues_DueSoonestFirst_WithCountsPerStatusAndOverdue()
    {
        await SeedAsync();
        var page = await _store.QueryAsync(new RequestQuery(null, null, false, Now, 100));

        Assert.That(page.Items.Select(r => r.Ticket), Is.EqualTo(new[] { "300000001", "100000002", "200000003", "300000004", "300000005", "300000006" }));
        Assert.That(page.Matching, Is.EqualTo(6));
        Assert.That(page.Counts, Is.EquivalentTo(new Dictionary<RequestStatus, int>
        {
            [RequestStatus.Received] = 2, [RequestStatus.InProgress] = 1, [RequestStatus.WaitingForCitizen] = 1,
            [RequestStatus.Resolved] = 1, [RequestStatus.Declined] = 1,
        }));
        Assert.That(page.OverdueCount, Is.EqualTo(2), "due before now and not final: 1 and 2 (3 is resolved)");
    }

    [TestCase(null, "101", false, 2, new[] { "300000001", "200000003" }, 4, TestName = "queue 101, a page of two")]
    [TestCase(RequestStatus.Received, null, false, 100, new[] { "300000001", "300000005" }, 2, TestName = "received, all queues")]
    [TestCase(null, null, true, 100, new[] { "300000001", "100000002" }, 2, TestName = "overdue only")]
    [TestCase(RequestStatus.InProgress, "102", true, 100, new[] { "100000002" }, 1, TestName = "in progress in 102, overdue")]
    [TestCase(RequestStatus.Resolved, null, true, 100, new string[0], 0, TestName = "a final status is never overdue")]
    [TestCase(null, "103", false, 100, new string[0], 0, TestName = "an empty queue")]
    public async Task Filters_AndPageLimit(RequestStatus? status, string? queue, bool overdue, int limit, string[] tickets, int matching)
    {
        await SeedAsync();
        var page = await _store.QueryAsync(new RequestQuery(status, queue, overdue, Now, limit));
        Assert.That((page.Items.Select(r => r.Ticket).ToArray(), page.Matching), Is.EqualTo((tickets, matching)));
    }

    [Test]
    public async Task CountsOfOneQueue_IgnoreTheStatusAndOverdueFilters()
    {
        await SeedAsync();
        var page = await _store.QueryAsync(new RequestQuery(RequestStatus.Declined, "102", true, Now, 100));
        Assert.That((page.Counts[RequestStatus.Received], page.Counts[RequestStatus.InProgress], page.OverdueCount), Is.EqualTo((1, 1, 1)));
    }

    [Test]
    public async Task EqualDueTimes_AreOrderedByTicket_AndADeletedCardLeavesTheIndex()
    {
        await PutAsync("300000012", "101", 1);
        await PutAsync("100000011", "102", 1);
        await PutAsync("200000013", "101", 1);
        Assert.That((await _store.QueryAsync(new RequestQuery(null, null, false, T0, 100))).Items.Select(r => r.Ticket),
            Is.EqualTo(new[] { "100000011", "200000013", "300000012" }));

        await _store.DeleteAsync("200000013");
        var page = await _store.QueryAsync(new RequestQuery(null, null, false, T0, 100));
        Assert.That((page.Matching, page.Counts[RequestStatus.Received]), Is.EqualTo((2, 2)));
    }
}

public sealed class InMemoryRequestQueryTests : RequestQueryContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
    protected override IRequestStore CreateStore(StoreFactory factory) => new InMemoryRequestStore();
}

public sealed class RedisRequestQueryTests : RequestQueryContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
    protected override IRequestStore CreateStore(StoreFactory factory) =>
        new RedisRequestStore(((RedisStoreFactory)factory).Multiplexer, new RedisStoreOptions(), TestCipher.Default);
}
