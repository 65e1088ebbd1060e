using GosChat.Domain.Jobs;
using GosChat.Storage.Redis;
using NodaTime;

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

        var keys = _redis.Server.Keys(pattern: "*").Select(k => (string)k!).OrderBy(k => k, StringComparer.Ordinal).ToArray();

        Assert.That(keys, Is.EqualTo(new[] { RedisKeys.Jobs.Data, RedisKeys.Jobs.Due, RedisKeys.Jobs.Running }));
        Assert.That(keys, Is.All.StartsWith("goschat:v1:{jobs}:"));
    }
}
