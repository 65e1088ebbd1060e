using GosChat.Storage.Redis;
using GosChat.TestSupport;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Jobs;

/// <summary>
/// A real redis-server for one fixture. Each test gets its own key prefix (no FLUSHALL), so nothing else that
/// happens to reach the same server can disturb it, or be disturbed. Peers get their own connection, like nodes.
/// </summary>
internal sealed class RedisJobStoreHost : IDisposable
{
    private readonly RedisServer _server;
    private readonly List<ConnectionMultiplexer> _peers = [];

    public RedisJobStoreHost()
    {
        _server = RedisServer.Start();
        Connection = ConnectionMultiplexer.Connect(_server.ConnectionString);
    }

    public ConnectionMultiplexer Connection { get; }

    public IServer Server => Connection.GetServer(Connection.GetEndPoints()[0]);

    /// <summary>The key prefix of the current test.</summary>
    public string KeyPrefix { get; private set; } = "goschat:test:";

    public Task<RedisJobStore> FreshStoreAsync(IClock clock)
    {
        ClosePeers();
        KeyPrefix = $"goschat:test:{Guid.NewGuid():N}:";
        return Task.FromResult(new RedisJobStore(Connection.GetDatabase(), clock, KeyPrefix));
    }

    public RedisJobStore Peer(IClock clock)
    {
        var peer = ConnectionMultiplexer.Connect(_server.ConnectionString);
        lock (_peers) _peers.Add(peer);
        return new RedisJobStore(peer.GetDatabase(), clock, KeyPrefix);
    }

    public void ClosePeers()
    {
        lock (_peers)
        {
            foreach (var peer in _peers) peer.Dispose();
            _peers.Clear();
        }
    }

    public void Dispose()
    {
        ClosePeers();
        Connection.Dispose();
        _server.Dispose();
    }
}
