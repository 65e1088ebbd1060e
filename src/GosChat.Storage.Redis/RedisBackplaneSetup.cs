using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>SignalR scale-out over Redis pub/sub (Microsoft.AspNetCore.SignalR.StackExchangeRedis).</summary>
public static class RedisBackplaneSetup
{
    /// <summary>
    /// Every hub's <see cref="HubLifetimeManager{THub}"/> becomes the package's Redis one, on the node's
    /// <see cref="IConnectionMultiplexer"/> from the services. The channel prefix is that connection's
    /// (<see cref="ConfigurationOptions.ChannelPrefix"/>, set by <see cref="RedisConnectionOptions.Parse"/>).
    /// </summary>
    /// <param name="builder">From <c>AddSignalR()</c>.</param>
    /// <param name="options">The configuration the node's multiplexer was made from (the package logs its endpoints).</param>
    public static ISignalRServerBuilder AddGosChatRedisBackplane(this ISignalRServerBuilder builder, ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddStackExchangeRedis(o => o.Configuration = options);
        // Resolved when the first hub lifetime manager is made, so the container holds the multiplexer before any
        // manager and disposes it after them all; each manager gets a borrowed view it cannot dispose.
        builder.Services.AddOptions<RedisOptions>().Configure<IConnectionMultiplexer>((o, multiplexer) =>
            o.ConnectionFactory = _ => Connected(multiplexer));
        return builder;
    }

    /// <summary>
    /// The package subscribes to its node-wide channels (broadcasts, remote group changes, acks, client results)
    /// once, right after its connection factory first succeeds, and never again: handed a connection while Redis is
    /// down, a node would never receive broadcasts. Failing instead makes it ask again on the next client connect
    /// or send, so a node started during an outage joins the others once Redis is back.
    /// </summary>
    private static Task<IConnectionMultiplexer> Connected(IConnectionMultiplexer multiplexer) =>
        multiplexer.IsConnected
            ? Task.FromResult(BorrowedMultiplexer.Lend(multiplexer))
            : Task.FromException<IConnectionMultiplexer>(new RedisConnectionException(
                ConnectionFailureType.UnableToConnect,
                CommandFlags.None,
                "Redis is not reachable yet; the SignalR backplane will try again on the next connect or send.",
                innerException: null,
                CommandStatus.Unknown));
}
