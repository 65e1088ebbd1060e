namespace GosChat.Storage.Redis;

/// <summary>
/// The one home of Redis key names. Every key starts with <see cref="Prefix"/>. Keys that one Lua script
/// touches together share a hash tag (<c>{…}</c>) so they live in one Redis Cluster slot.
/// </summary>
public static class RedisKeys
{
    /// <summary>Product and layout version; bump the version when the layout changes incompatibly.</summary>
    public const string Prefix = "goschat:v1:";

    /// <summary>Durable delayed jobs (<see cref="RedisJobStore"/>). All share the hash tag <c>{jobs}</c>.</summary>
    public static class Jobs
    {
        public const string Tag = "{jobs}";

        /// <summary>Hash: job id → job JSON (the record; times as unix milliseconds).</summary>
        public const string Data = Prefix + Tag + ":data";

        /// <summary>Sorted set: ids of Scheduled and Failed jobs, scored by due time (unix ms).</summary>
        public const string Due = Prefix + Tag + ":due";

        /// <summary>Sorted set: ids of Running jobs, scored by lease expiry (unix ms).</summary>
        public const string Running = Prefix + Tag + ":running";

        /// <summary>Sorted set: ids of Dead jobs, scored by the time they were dead-lettered (unix ms).</summary>
        public const string Dead = Prefix + Tag + ":dead";

        /// <summary>A jobs key under another prefix (tests, side-by-side deployments): <paramref name="key"/> with <see cref="Prefix"/> replaced.</summary>
        public static string WithPrefix(string prefix, string key) => prefix + key[Prefix.Length..];
    }
}
