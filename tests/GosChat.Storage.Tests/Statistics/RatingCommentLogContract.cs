using GosChat.Domain.Ports;
using GosChat.Storage.InMemory;
using GosChat.Storage.Redis;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Statistics;

/// <summary>What every rating-comment log must do; run against the in-memory log and a real Redis.</summary>
public abstract class RatingCommentLogContract
{
    protected abstract IRatingCommentLog Log { get; }
    /// <summary>A second log on the same data (another node); the in-memory log is its own peer.</summary>
    protected abstract IRatingCommentLog Peer { get; }

    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 7, 0);

    [SetUp]
    public abstract void Reset();

    [Test]
    public async Task Latest_NewestFirst_PerQueue_FromEveryNode()
    {
        await Log.AddAsync("101", "s1", T0);
        await Peer.AddAsync("101", "s2", T0 + Duration.FromMinutes(5));
        await Log.AddAsync("102", "s3", T0 + Duration.FromMinutes(9));
        await Log.AddAsync("101", "s1", T0); // again: once

        Assert.That(await Peer.LatestAsync("101", 10), Is.EqualTo(new[] { "s2", "s1" }));
        Assert.That(await Log.LatestAsync("101", 1), Is.EqualTo(new[] { "s2" }));
        Assert.That(await Log.LatestAsync("102", 10), Is.EqualTo(new[] { "s3" }));
        Assert.That(await Log.LatestAsync("103", 10), Is.Empty);
        Assert.That(await Log.LatestAsync("101", 0), Is.Empty);
    }

    [Test]
    public async Task OnlyTheNewestAreKept()
    {
        for (var i = 0; i < IRatingCommentLog.MaxKept + 5; i++) await Log.AddAsync("101", $"s{i:00}", T0 + Duration.FromSeconds(i));

        var latest = await Peer.LatestAsync("101", 100);

        Assert.That(latest, Has.Count.EqualTo(IRatingCommentLog.MaxKept));
        Assert.That((latest[0], latest[^1]), Is.EqualTo(($"s{IRatingCommentLog.MaxKept + 4:00}", "s05")));
    }
}

[TestFixture]
public sealed class InMemoryRatingCommentLogTests : RatingCommentLogContract
{
    private InMemoryRatingCommentLog _log = new();
    protected override IRatingCommentLog Log => _log;
    protected override IRatingCommentLog Peer => _log;
    public override void Reset() => _log = new InMemoryRatingCommentLog();
}

[TestFixture]
public sealed class RedisRatingCommentLogTests : RatingCommentLogContract
{
    private RedisStoreFactory _stores = null!;
    private ConnectionMultiplexer Redis => _stores.Multiplexer;
    private ConnectionMultiplexer _peer = null!;
    private static readonly RedisStoreOptions Options = new() { ClosedSessionRetention = TimeSpan.FromDays(3) };
    protected override IRatingCommentLog Log => new RedisRatingCommentLog(Redis, Options);
    protected override IRatingCommentLog Peer => new RedisRatingCommentLog(_peer, Options);

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
        Redis.GetDatabase().ScriptEvaluate("for _, k in ipairs(redis.call('KEYS', 'goschat:v1:{comments:*')) do redis.call('DEL', k) end return 0");

    [Test]
    public async Task AQueuesLog_ExpiresWithTheClosedSessions()
    {
        await Log.AddAsync("101", "s1", Instant.FromUtc(2026, 11, 23, 7, 0));
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.RatingComments("101"));
        Assert.That(ttl, Is.GreaterThan(TimeSpan.FromDays(2.9)).And.LessThanOrEqualTo(TimeSpan.FromDays(3)));
    }
}
