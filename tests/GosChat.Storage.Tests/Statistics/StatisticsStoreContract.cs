using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Statistics;

/// <summary>What every statistics store must do; run against the in-memory store and a real Redis.</summary>
public abstract class StatisticsStoreContract
{
    protected abstract IStatisticsStore Store { get; }
    /// <summary>A second store on the same data (another node); the in-memory store is its own peer.</summary>
    protected abstract IStatisticsStore Peer { get; }

    protected static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);
    private static readonly Duration Five = Duration.FromMinutes(5);

    [SetUp]
    public abstract void Reset();

    [Test]
    public async Task Increments_AddUp_AcrossNodes()
    {
        await Store.IncrementAsync("101", T0, new Dictionary<string, long> { ["answered"] = 1, ["waitSeconds"] = 30 });
        await Peer.IncrementAsync("101", T0, new Dictionary<string, long> { ["answered"] = 2, ["waitSeconds"] = 15 });

        var buckets = await Store.GetAsync("101", T0, T0 + Five);

        Assert.That(buckets, Has.Count.EqualTo(1));
        Assert.That(buckets[0].Start, Is.EqualTo(T0));
        Assert.That(buckets[0]["answered"], Is.EqualTo(3));
        Assert.That(buckets[0]["waitSeconds"], Is.EqualTo(45));
        Assert.That(buckets[0]["handled"], Is.Zero);
    }

    [Test]
    public async Task Get_ReturnsBucketsInRange_OldestFirst_PerQueue_SkippingEmpty()
    {
        await Store.IncrementAsync("101", T0 + Five * 2, new Dictionary<string, long> { ["queued"] = 2 });
        await Store.IncrementAsync("101", T0, new Dictionary<string, long> { ["queued"] = 1 });
        await Store.IncrementAsync("102", T0, new Dictionary<string, long> { ["queued"] = 7 });
        await Store.IncrementAsync("101", T0 + Five * 3, new Dictionary<string, long> { ["queued"] = 9 });

        var buckets = await Store.GetAsync("101", T0, T0 + Five * 3);

        Assert.That(buckets.Select(b => (b.Start, b["queued"])), Is.EqualTo(new[] { (T0, 1L), (T0 + Five * 2, 2L) }));
    }

    [Test]
    public async Task CallCounters_KeptBesideTheTotals_InTheSameBucket()
    {
        // The recorder counts a call into the totals and into its own counters in one increment.
        await Store.IncrementAsync("101", T0, new Dictionary<string, long> { [StatsCounters.Queued] = 1, [StatsCounters.CallQueued] = 1 });
        await Peer.IncrementAsync("101", T0, new Dictionary<string, long> { [StatsCounters.Queued] = 1 });
        await Peer.IncrementAsync("101", T0, new Dictionary<string, long>
        {
            [StatsCounters.Handled] = 1, [StatsCounters.HandleSeconds] = 300, [StatsCounters.CallHandled] = 1, [StatsCounters.CallHandleSeconds] = 300,
        });

        var bucket = (await Store.GetAsync("101", T0, T0 + Five)).Single();

        Assert.That((bucket[StatsCounters.Queued], bucket[StatsCounters.CallQueued]), Is.EqualTo((2L, 1L)));
        Assert.That((bucket[StatsCounters.CallHandled], bucket[StatsCounters.CallHandleSeconds], bucket[StatsCounters.HandleSeconds]), Is.EqualTo((1L, 300L, 300L)));
    }

    [TestCase("2026-11-23T07:04:59Z", "2026-11-23T07:00:00Z")]
    [TestCase("2026-11-23T07:05:00Z", "2026-11-23T07:05:00Z")]
    [TestCase("2026-11-23T06:59:59Z", "2026-11-23T06:55:00Z")]
    public void Buckets_AreFiveMinutesAligned(string at, string expected)
    {
        Assert.That(StatsBuckets.Of(NodaTime.Text.InstantPattern.General.Parse(at).Value),
            Is.EqualTo(NodaTime.Text.InstantPattern.General.Parse(expected).Value));
    }
}

[TestFixture]
public sealed class InMemoryStatisticsStoreTests : StatisticsStoreContract
{
    private InMemoryStatisticsStore _store = new();
    protected override IStatisticsStore Store => _store;
    protected override IStatisticsStore Peer => _store;
    public override void Reset() => _store = new InMemoryStatisticsStore();
}

[TestFixture]
public sealed class RedisStatisticsStoreTests : StatisticsStoreContract
{
    private RedisStoreFactory _stores = null!;
    private ConnectionMultiplexer Redis => _stores.Multiplexer;
    private ConnectionMultiplexer _peer = null!;
    protected override IStatisticsStore Store => new RedisStatisticsStore(Redis);
    protected override IStatisticsStore Peer => new RedisStatisticsStore(_peer);

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
        Redis.GetDatabase().ScriptEvaluate("for _, k in ipairs(redis.call('KEYS', 'goschat:v1:{stats:*')) do redis.call('DEL', k) end return 0");

    [Test]
    public async Task AStepsCounters_AreOneCommand_AndTheBucketExpiresAfterTheRetention()
    {
        var store = new RedisStatisticsStore(Redis, TimeSpan.FromDays(2));
        var session = new StackExchange.Redis.Profiling.ProfilingSession();
        Redis.RegisterProfiler(() => session);
        try
        {
            await store.IncrementAsync("102", T0, new Dictionary<string, long> { ["firstReplies"] = 1, ["firstReplySeconds"] = 40, ["firstRepliesInTime"] = 1, ["handled"] = 0 });
        }
        finally
        {
            Redis.RegisterProfiler(() => null);
        }
        var sent = session.FinishProfiling().Select(c => c.Command).ToList();
        Assert.That(sent, Has.Count.EqualTo(1).And.One.StartsWith("EVAL"), "one script call for three counters and the expiry: " + string.Join(", ", sent));

        var key = RedisKeys.StatsBucket("102", T0.ToUnixTimeSeconds());
        var fields = await Redis.GetDatabase().HashGetAllAsync(key);
        Assert.That(fields.ToDictionary(f => (string)f.Name!, f => (long)f.Value), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["firstReplies"] = 1, ["firstReplySeconds"] = 40, ["firstRepliesInTime"] = 1,
        }), "a zero amount writes no field");
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1)).And.LessThanOrEqualTo(TimeSpan.FromDays(2)));
    }
}
