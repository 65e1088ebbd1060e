namespace GosChat.Storage.Redis;

/// <summary>Settings of the Redis stores.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>How long a closed session's routing record is kept (its messages are kept as long).</summary>
    public TimeSpan ClosedSessionRetention { get; set; } = TimeSpan.FromDays(30);
    /// <summary>How many recent handle times per queue are kept for wait estimates.</summary>
    public int HandleTimeSamples { get; set; } = 50;
    /// <summary>
    /// How many of the latest session changes Redis keeps for nodes to catch up from (RedisWaitingCache); a node that
    /// fell further behind reads the whole waiting set once.
    /// </summary>
    public int WaitingLogLength { get; set; } = 20_000;
}
