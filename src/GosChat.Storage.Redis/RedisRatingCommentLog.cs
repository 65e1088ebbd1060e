using GosChat.Domain.Ports;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// <see cref="IRatingCommentLog"/> on Redis: one sorted set of session ids per queue (<see cref="RedisKeys.RatingComments"/>),
/// scored by time (unix ms; ties by id, as Redis orders them), trimmed to the newest <see cref="IRatingCommentLog.MaxKept"/>
/// and kept for the closed-session retention after it was last written.
/// </summary>
public sealed class RedisRatingCommentLog(IConnectionMultiplexer redis, RedisStoreOptions options) : IRatingCommentLog
{
    public async Task AddAsync(string queue, string sessionId, Instant at)
    {
        var key = RedisKeys.RatingComments(queue);
        var tx = redis.GetDatabase().CreateTransaction();
        var add = tx.SortedSetAddAsync(key, sessionId, at.ToUnixTimeMilliseconds());
        var trim = tx.SortedSetRemoveRangeByRankAsync(key, 0, -(IRatingCommentLog.MaxKept + 1));
        var expire = tx.KeyExpireAsync(key, options.ClosedSessionRetention);
        await tx.ExecuteAsync();
        await Task.WhenAll(add, trim, expire);
    }

    public async Task<IReadOnlyList<string>> LatestAsync(string queue, int limit)
    {
        if (limit <= 0) return [];
        var ids = await redis.GetDatabase().SortedSetRangeByRankAsync(RedisKeys.RatingComments(queue), 0, limit - 1, Order.Descending);
        return ids.Select(id => id.ToString()).ToList();
    }
}
