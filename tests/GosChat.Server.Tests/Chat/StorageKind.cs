using GosChat.TestSupport;

namespace GosChat.Server.Tests.Chat;

/// <summary>Runs a server fixture on the embedded store or on a real redis-server.</summary>
public abstract class ServerFixtureBase
{
    private readonly string _storage;
    private RedisServer? _redis;

    protected ServerFixtureBase(string storage) => _storage = storage;

    protected string? RedisConnection => _redis?.ConnectionString;

    [OneTimeSetUp]
    public void StartRedis()
    {
        if (_storage == "redis") _redis = RedisServer.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    /// <summary>Empties Redis so each test starts from nothing.</summary>
    protected void FlushRedis()
    {
        if (_redis is null) return;
        using var mux = StackExchange.Redis.ConnectionMultiplexer.Connect(_redis.ConnectionString);
        foreach (var ep in mux.GetEndPoints()) mux.GetServer(ep).FlushAllDatabases();
    }
}
