using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// One hash per queue and 5-minute bucket; increments are HINCRBY, so every node adds to the same figures.
/// Buckets expire after <c>retention</c> (8 days by default).
/// </summary>
public sealed class RedisStatisticsStore(IConnectionMultiplexer redis, TimeSpan? retention = null) : IStatisticsStore
{
    private readonly TimeSpan _retention = retention ?? TimeSpan.FromDays(8);

    public async Task IncrementAsync(string queue, Instant bucket, IReadOnlyDictionary<string, long> amounts)
    {
        var key = RedisKeys.StatsBucket(queue, bucket.ToUnixTimeSeconds());
        var tx = redis.GetDatabase().CreateTransaction();
        foreach (var (name, amount) in amounts)
            if (amount != 0) _ = tx.HashIncrementAsync(key, name, amount);
        _ = tx.KeyExpireAsync(key, _retention);
        await tx.ExecuteAsync();
    }

    public async Task<IReadOnlyList<StatsBucket>> GetAsync(string queue, Instant from, Instant to)
    {
        var db = redis.GetDatabase();
        var starts = new List<Instant>();
        for (var at = StatsBuckets.Of(from); at < to; at += StatsBuckets.Width)
            if (at >= from) starts.Add(at);
        var reads = starts.Select(s => db.HashGetAllAsync(RedisKeys.StatsBucket(queue, s.ToUnixTimeSeconds()))).ToList();
        await Task.WhenAll(reads);
        var result = new List<StatsBucket>();
        for (var i = 0; i < starts.Count; i++)
        {
            var entries = reads[i].Result;
            if (entries.Length == 0) continue;
            result.Add(new StatsBucket(queue, starts[i], entries.ToDictionary(e => (string)e.Name!, e => (long)e.Value)));
        }
        return result;
    }
}
