using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>SignalR scale-out over Redis pub/sub (Microsoft.AspNetCore.SignalR.StackExchangeRedis).</summary>
public static class RedisBackplaneSetup
{
    /// <summary>
    /// Every hub's <see cref="HubLifetimeManager{THub}"/> becomes the package's Redis one, on the node's own
    /// connection. The channel prefix is that connection's (<see cref="ConfigurationOptions.ChannelPrefix"/>, set by
    /// <see cref="RedisConnectionOptions.Parse"/>). The package disposes the multiplexer with the hub lifetime
    /// managers, that is when the host's services are disposed, so share one only with services that live as long.
    /// </summary>
    /// <param name="builder">From <c>AddSignalR()</c>.</param>
    /// <param name="options">The configuration <paramref name="multiplexer"/> was made from (endpoints are logged from it).</param>
    /// <param name="multiplexer">The node's connection; asked when a hub first needs Redis.</param>
    public static ISignalRServerBuilder AddGosChatRedisBackplane(
        this ISignalRServerBuilder builder,
        ConfigurationOptions options,
        Func<IConnectionMultiplexer> multiplexer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(multiplexer);
        return builder.AddStackExchangeRedis(o =>
        {
            o.Configuration = options;
            o.ConnectionFactory = _ => Connected(multiplexer());
        });
    }

    /// <summary>
    /// The package subscribes to its node-wide channels (broadcasts, remote group changes, acks, client results)
    /// once, right after its connection factory first succeeds, and never again: handed a connection while Redis is
    /// down, a node would never receive broadcasts. Failing instead makes it ask again on the next client connect
    /// or send, so a node started during an outage joins the others once Redis is back.
    /// </summary>
    private static Task<IConnectionMultiplexer> Connected(IConnectionMultiplexer multiplexer) =>
        multiplexer.IsConnected
            ? Task.FromResult(multiplexer)
            : Task.FromException<IConnectionMultiplexer>(new RedisConnectionException(
                ConnectionFailureType.UnableToConnect,
                CommandFlags.None,
                "Redis is not reachable yet; the SignalR backplane will try again on the next connect or send.",
                innerException: null,
                CommandStatus.Unknown));
}
