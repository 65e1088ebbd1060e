using StackExchange.Redis;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>
/// The one home of the SignalR backplane's pub/sub channel names. Every channel of a hub starts
/// with <c>goschat:v1:backplane:{hub}:</c>, followed by a kind segment, so a group called
/// "all" can never collide with the broadcast channel. Channels are always literal: a group name
/// containing <c>*</c> or <c>?</c> must not turn into a pattern subscription.
/// </summary>
public sealed class BackplaneChannels
{
    /// <summary>Prefix shared by every backplane channel of every hub.</summary>
    public const string Prefix = "goschat:v1:backplane:";

    public BackplaneChannels(string hubName)
    {
        ArgumentException.ThrowIfNullOrEmpty(hubName);
        HubName = hubName;
        HubPrefix = Prefix + hubName + ":";
        All = Literal(HubPrefix + "all");
    }

    /// <summary>Channels of hub type <typeparamref name="THub"/>, named by its full type name.</summary>
    public static BackplaneChannels For<THub>() => new(typeof(THub).FullName ?? typeof(THub).Name);

    public string HubName { get; }

    /// <summary><c>goschat:v1:backplane:{hub}:</c></summary>
    public string HubPrefix { get; }

    /// <summary>Broadcasts to every connection of the hub (SendAll, SendAllExcept).</summary>
    public RedisChannel All { get; }

    /// <summary>One connection: invocations for it and group commands about it. Only the owning node subscribes.</summary>
    public RedisChannel Connection(string connectionId) => Literal(HubPrefix + "connection:" + connectionId);

    /// <summary>Members of a group; nodes subscribe while they hold at least one member.</summary>
    public RedisChannel Group(string groupName) => Literal(HubPrefix + "group:" + groupName);

    /// <summary>Connections of a user; nodes subscribe while they hold at least one of them.</summary>
    public RedisChannel User(string userId) => Literal(HubPrefix + "user:" + userId);

    /// <summary>Acknowledgements of group commands, addressed to the node that asked.</summary>
    public RedisChannel Acks(string nodeId) => Literal(HubPrefix + "ack:" + nodeId);

    private static RedisChannel Literal(string name) => new(name, RedisChannel.PatternMode.Literal);
}
