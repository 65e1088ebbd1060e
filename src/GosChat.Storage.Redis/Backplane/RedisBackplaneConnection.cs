using StackExchange.Redis;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>
/// The Redis connection the backplane publishes and subscribes on. The backplane does not own it:
/// whoever created the multiplexer disposes it.
/// </summary>
public sealed class RedisBackplaneConnection
{
    public RedisBackplaneConnection(IConnectionMultiplexer multiplexer)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        Multiplexer = multiplexer;
    }

    public IConnectionMultiplexer Multiplexer { get; }
}
