using GosChat.Domain.Jobs;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Jobs;

/// <summary>The job store contract against a real redis-server; every peer has its own connection, like a node.</summary>
[TestFixture]
public sealed class RedisJobStoreTests : JobStoreContract
{
    private RedisServer _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private readonly List<ConnectionMultiplexer> _peers = [];

    [OneTimeSetUp]
    public void StartRedis()
    {
        _server = RedisServer.Start();
        _connection = ConnectionMultiplexer.Connect(_server.ConnectionString);
    }

    [OneTimeTearDown]
    public void StopRedis()
    {
        _connection?.Dispose();
        _server?.Dispose();
    }

    [TearDown]
    public void ClosePeers()
    {
        foreach (var peer in _peers) peer.Dispose();
        _peers.Clear();
    }

    protected override async Task<IJobStore> CreateStoreAsync(IClock clock)
    {
        await _connection.GetServer(_connection.GetEndPoints()[0]).FlushAllDatabasesAsync();
        return new RedisJobStore(_connection.GetDatabase(), clock);
    }

    protected override IJobStore CreatePeer(IClock clock)
    {
        var peer = ConnectionMultiplexer.Connect(_server.ConnectionString);
        _peers.Add(peer);
        return new RedisJobStore(peer.GetDatabase(), clock);
    }

    [Test]
    public async Task Keys_AllShareTheJobsHashTag()
    {
        await Store.ScheduleAsync("j1", "t", "{}", T0);
        await Store.ScheduleAsync("j2", "t", "{}", T0);
        await Store.ClaimDueAsync(T0, Lease, 1, "w1");

        var server = _connection.GetServer(_connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: "*").Select(k => (string)k!).OrderBy(k => k, StringComparer.Ordinal).ToArray();

        Assert.That(keys, Is.EqualTo(new[] { RedisKeys.Jobs.Data, RedisKeys.Jobs.Due, RedisKeys.Jobs.Running }));
        Assert.That(keys, Is.All.StartsWith("goschat:v1:{jobs}:"));
    }
}
