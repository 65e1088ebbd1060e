using GosChat.Domain.Deadlines;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// <see cref="IAnnouncementOutbox"/> on Redis, shared by every node: one sorted set, scored by the instant (Unix
/// milliseconds) an entry became pending. A claim is one script, so two nodes never take the same entry at once.
/// </summary>
public sealed class RedisAnnouncementOutbox(IConnectionMultiplexer redis) : IAnnouncementOutbox
{
    // KEYS[1] the set; ARGV: olderThan, now, max. Takes the oldest due entries and re-scores them to now.
    private static readonly LuaScript Claim = LuaScript.Prepare("""
        local due = redis.call('ZRANGEBYSCORE', @key, '-inf', @olderThan, 'LIMIT', 0, tonumber(@max))
        for _, entry in ipairs(due) do redis.call('ZADD', @key, 'XX', @now, entry) end
        return due
        """);

    public Task AddAsync(string entry, Instant at) =>
        redis.GetDatabase().SortedSetAddAsync(RedisKeys.PendingAnnouncements, entry, at.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists);

    public Task RemoveAsync(string entry) => redis.GetDatabase().SortedSetRemoveAsync(RedisKeys.PendingAnnouncements, entry);

    public async Task<IReadOnlyList<string>> ClaimAsync(Instant olderThan, Instant now, int max)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Claim, new
        {
            key = (RedisKey)RedisKeys.PendingAnnouncements,
            olderThan = olderThan.ToUnixTimeMilliseconds(),
            now = now.ToUnixTimeMilliseconds(),
            max,
        });
        return ((RedisResult[])result!).Select(r => (string)r!).ToList();
    }

    public Task<long> CountAsync() => redis.GetDatabase().SortedSetLengthAsync(RedisKeys.PendingAnnouncements);
}
