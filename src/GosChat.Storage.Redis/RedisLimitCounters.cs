using GosChat.Domain.Limits;
using GosChat.Domain.Ports;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Limit counters on Redis, one key per key and window: INCRBY and its expiry in one script, one round trip, so
/// every node counts against the same number.
/// </summary>
public sealed class RedisLimitCounters(IConnectionMultiplexer redis) : ILimitCounters
{
    // KEYS[1] counter; ARGV[1] amount; ARGV[2] expiry in ms (set when the key is new, or refreshed for gauges).
    private const string AddScript = """
        local n = redis.call('INCRBY', KEYS[1], ARGV[1])
        if n < 0 then redis.call('SET', KEYS[1], 0) n = 0 end
        if ARGV[3] == '1' or n == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return n
        """;

    public async Task<long> AddAsync(string key, long amount, Instant now, Duration window)
    {
        var index = FixedWindow.IndexOf(now, window);
        // Kept for two windows of real time: long enough to count the whole window, then gone by itself.
        var expiry = (long)Math.Max(1000, window.TotalMilliseconds * 2);
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(AddScript, [RedisKeys.Limit(key, index)], [amount, expiry, "0"]);
    }

    public async Task<long> AdjustAsync(string key, long delta, TimeSpan idleExpiry)
    {
        var value = (long)await redis.GetDatabase().ScriptEvaluateAsync(AddScript, [RedisKeys.Limit(key, null)],
            [delta, (long)idleExpiry.TotalMilliseconds, "1"]);
        return Math.Max(0, value);
    }
}
