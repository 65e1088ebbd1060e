namespace GosChat.Storage.Redis.Backplane;

/// <summary>Settings of the Redis SignalR backplane.</summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>
    /// How long AddToGroup/RemoveFromGroup wait for the node that owns a remote connection to confirm
    /// the change before throwing <see cref="TimeoutException"/>.
    /// </summary>
    public TimeSpan GroupCommandTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
