using GosChat.Domain.Citizens;
using GosChat.Domain.Ports;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// <see cref="ICitizenHistory"/> on Redis: one sorted set of session ids per citizen, scored by creation time
/// (unix ms), trimmed to the newest <see cref="CitizenKeys.MaxKept"/> and kept for the closed-session retention
/// after it was last written.
/// </summary>
public sealed class RedisCitizenHistory(IConnectionMultiplexer redis, RedisStoreOptions options) : ICitizenHistory
{
    public async Task RecordAsync(string citizenKey, string sessionId, Instant createdAt)
    {
        var key = RedisKeys.CitizenSessions(CitizenKeys.Checked(citizenKey));
        var db = redis.GetDatabase();
        var tx = db.CreateTransaction();
        var add = tx.SortedSetAddAsync(key, sessionId, createdAt.ToUnixTimeMilliseconds());
        // Ranks count from the lowest score: remove all but the newest MaxKept.
        var trim = tx.SortedSetRemoveRangeByRankAsync(key, 0, -(CitizenKeys.MaxKept + 1));
        var expire = tx.KeyExpireAsync(key, options.ClosedSessionRetention);
        await tx.ExecuteAsync();
        await Task.WhenAll(add, trim, expire);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string citizenKey, int limit)
    {
        if (limit <= 0) return [];
        var ids = await redis.GetDatabase().SortedSetRangeByRankAsync(RedisKeys.CitizenSessions(citizenKey), 0, limit - 1, Order.Descending);
        return ids.Select(id => id.ToString()).ToList();
    }
}
