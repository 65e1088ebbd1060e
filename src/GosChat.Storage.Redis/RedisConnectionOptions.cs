using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// How a node connects to Redis. One configuration serves the stores, SignalR's backplane and the Data
/// Protection key ring, which all share the node's one <see cref="IConnectionMultiplexer"/>.
/// </summary>
public static class RedisConnectionOptions
{
    /// <summary>
    /// Parses a StackExchange.Redis configuration string (<c>host:port,password=…</c>) and applies GosChat's rules:
    /// a node starts while Redis is down and keeps reconnecting, and every pub/sub channel carries
    /// <see cref="RedisKeys.ChannelPrefix"/>.
    /// </summary>
    public static ConfigurationOptions Parse(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ChannelPrefix = RedisChannel.Literal(RedisKeys.ChannelPrefix);
        return options;
    }
}
