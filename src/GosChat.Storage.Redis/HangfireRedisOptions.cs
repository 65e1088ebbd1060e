namespace GosChat.Storage.Redis;

/// <summary>Hangfire's storage on the node's Redis (bound by the host from <c>GosChat:Jobs</c>).</summary>
public sealed class HangfireRedisOptions
{
    /// <summary>
    /// Key prefix. Default <c>goschat:v1:{hangfire}:</c>: Hangfire changes several of its keys in one transaction, so on
    /// Redis Cluster they must share a hash slot, which the hash tag <c>{hangfire}</c> gives them.
    /// </summary>
    public string Prefix { get; set; } = "goschat:v1:{hangfire}:";

    /// <summary>After how long a job taken by a node that died (or hangs) is run again elsewhere. Default 5 min.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
