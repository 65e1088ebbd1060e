using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Statistics;

/// <summary>What every contact record store must do; run against the in-memory store and a real Redis.</summary>
public abstract class ContactRecordStoreContract
{
    protected abstract IContactRecordStore Store { get; }
    /// <summary>A second store on the same data (another node); the in-memory store is its own peer.</summary>
    protected abstract IContactRecordStore Peer { get; }

    private static readonly LocalDate Day = new(2026, 11, 23);
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);

    private static ContactRecord Record(string id, string queue = "101", int? rating = null) => new()
    {
        Key = id, Queue = queue, Channel = "chat", OperatorId = "op101", CreatedAt = T0, QueuedAt = T0,
        AssignedAt = T0 + Duration.FromSeconds(30), FirstReplyAt = T0 + Duration.FromSeconds(45), ClosedAt = T0 + Duration.FromMinutes(10),
        Transfers = 1, Breaches = ["firstResponse"], Rating = rating, Repeat = true,
    };

    [SetUp]
    public abstract void Reset();

    [Test]
    public async Task Records_RoundTrip_ByDay_FromEveryNode()
    {
        await Store.PutAsync(Day, Record("a"));
        await Peer.PutAsync(Day, Record("b", "102"));
        await Store.PutAsync(Day.PlusDays(1), Record("c"));
        await Store.PutAsync(Day.PlusDays(3), Record("d"));

        var day = await Store.GetAsync(Day, Day);
        var span = await Peer.GetAsync(Day, Day.PlusDays(2));

        Assert.That(day.Select(r => r.Key).Order(), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(span.Select(r => r.Key).Order(), Is.EqualTo(new[] { "a", "b", "c" }));
        var a = day.Single(r => r.Key == "a");
        Assert.That(a with { Breaches = [] }, Is.EqualTo(Record("a") with { Breaches = [] }));
        Assert.That(a.Breaches, Is.EqualTo(new[] { "firstResponse" }));
        Assert.That((a.WaitSeconds, a.FirstReplySeconds, a.HandleSeconds), Is.EqualTo(((double?)30, (double?)45, (double?)570)));
    }

    [Test]
    public async Task RequestRecords_RoundTrip_WithTheirDueInstant()
    {
        var request = new ContactRecord
        {
            Key = "r", Queue = "101", Channel = ContactRecord.RequestChannel, OperatorId = "op101", CreatedAt = T0, QueuedAt = T0,
            ClosedAt = T0 + Duration.FromHours(3), DueAt = T0 + Duration.FromHours(2), Breaches = [ContactRecord.RequestDeadline],
        };
        await Store.PutAsync(Day, request);

        var back = (await Peer.GetAsync(Day, Day)).Single();

        Assert.That((back.IsRequest, back.DueAt, back.Repeat, back.Breaches.Single()), Is.EqualTo((true, request.DueAt, (bool?)null, "request")));
    }

    [Test]
    public async Task PuttingTheSameSessionAgain_ReplacesIt()
    {
        await Store.PutAsync(Day, Record("a"));
        await Peer.PutAsync(Day, Record("a", rating: 4));

        var records = await Store.GetAsync(Day, Day);

        Assert.That(records.Select(r => (r.Key, r.Rating)), Is.EqualTo(new[] { ("a", (int?)4) }));
    }

    [Test]
    public async Task AnEmptyPeriod_IsEmpty() => Assert.That(await Store.GetAsync(Day, Day.PlusDays(30)), Is.Empty);
}

[TestFixture]
public sealed class InMemoryContactRecordStoreTests : ContactRecordStoreContract
{
    private InMemoryContactRecordStore _store = new();
    protected override IContactRecordStore Store => _store;
    protected override IContactRecordStore Peer => _store;
    public override void Reset() => _store = new InMemoryContactRecordStore();
}

[TestFixture]
public sealed class RedisContactRecordStoreTests : ContactRecordStoreContract
{
    private RedisStoreFactory _stores = null!;
    private ConnectionMultiplexer Redis => _stores.Multiplexer;
    private ConnectionMultiplexer _peer = null!;
    protected override IContactRecordStore Store => new RedisContactRecordStore(Redis);
    protected override IContactRecordStore Peer => new RedisContactRecordStore(_peer);

    [OneTimeSetUp]
    public void Start()
    {
        _stores = new RedisStoreFactory();
        _peer = ConnectionMultiplexer.Connect(_stores.ConnectionString);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _peer?.Dispose();
        _stores?.Dispose();
    }

    public override void Reset() =>
        Redis.GetDatabase().ScriptEvaluate("for _, k in ipairs(redis.call('KEYS', 'goschat:v1:{figures:*')) do redis.call('DEL', k) end return 0");

    [Test]
    public async Task ADay_ExpiresAfterTheRetention()
    {
        await new RedisContactRecordStore(Redis, TimeSpan.FromDays(3)).PutAsync(new LocalDate(2026, 11, 23), new ContactRecord
        {
            Key = "x", Queue = "101", Channel = "chat",
        });
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.ContactRecords("2026-11-23"));
        Assert.That(ttl, Is.GreaterThan(TimeSpan.FromDays(2.9)).And.LessThanOrEqualTo(TimeSpan.FromDays(3)));
    }
}
