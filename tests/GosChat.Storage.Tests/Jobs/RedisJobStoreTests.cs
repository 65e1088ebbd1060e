using GosChat.Domain.Jobs;
using GosChat.Storage.Redis;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Jobs;

/// <summary>The job store contract against a real redis-server; every peer has its own connection, like a node.</summary>
[TestFixture]
public sealed class RedisJobStoreTests : JobStoreContract
{
    private RedisJobStoreHost _redis = null!;

    [OneTimeSetUp]
    public void StartRedis() => _redis = new RedisJobStoreHost();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    protected override async Task<IJobStore> CreateStoreAsync(IClock clock) => await _redis.FreshStoreAsync(clock);

    protected override IJobStore CreatePeer(IClock clock) => _redis.Peer(clock);

    [Test]
    public async Task Keys_AllShareTheJobsHashTag()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await Store.ScheduleAsync("j2", "t", "{}", T0);
        await Store.ClaimDueAsync(T0, Lease, 1, "w1");

        // Async KEYS (the server is the test's own); the sync SCAN enumerator of this client times out under load.
        var found = (RedisResult[])(await _redis.Connection.GetDatabase().ScriptEvaluateAsync(
            "return redis.call('KEYS', ARGV[1])", [], [_redis.KeyPrefix + "*"]))!;
        var keys = found.Select(k => (string)k!).OrderBy(k => k, StringComparer.Ordinal).ToArray();

        Assert.That(keys, Is.EqualTo(new[] { "{jobs}:data", "{jobs}:due", "{jobs}:running" }.Select(k => _redis.KeyPrefix + k)));
        Assert.That(new[] { RedisKeys.Jobs.Data, RedisKeys.Jobs.Due, RedisKeys.Jobs.Running, RedisKeys.Jobs.Dead },
            Is.EqualTo(new[] { "goschat:v1:{jobs}:data", "goschat:v1:{jobs}:due", "goschat:v1:{jobs}:running", "goschat:v1:{jobs}:dead" }));
    }

    [Test]
    public void Constructor_PrefixWithBraces_IsRejected()
    {
        Assert.That(() => new RedisJobStore(_redis.Connection.GetDatabase(), Clock, "goschat:{x}:"), Throws.ArgumentException);
    }
}
