using GosChat.Storage.Redis;
using GosChat.TestSupport;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Tests.Jobs;

/// <summary>A real redis-server for one fixture, emptied per test; peers get their own connection, like nodes.</summary>
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

    public async Task<RedisJobStore> FreshStoreAsync(IClock clock)
    {
        ClosePeers();
        await Server.FlushAllDatabasesAsync();
        return new RedisJobStore(Connection.GetDatabase(), clock);
    }

    public RedisJobStore Peer(IClock clock)
    {
        var peer = ConnectionMultiplexer.Connect(_server.ConnectionString);
        lock (_peers) _peers.Add(peer);
        return new RedisJobStore(peer.GetDatabase(), clock);
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
