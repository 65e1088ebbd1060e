using GosChat.Domain.Ports;
using GosChat.Domain.Statistics;
using NodaTime;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// One hash per queue and 5-minute bucket; increments are HINCRBY, so every node adds to the same figures. One step's
/// counters and the bucket's expiry are one script: one command, applied whole. Buckets expire after
/// <c>retention</c> (8 days by default).
/// </summary>
public sealed class RedisStatisticsStore(IConnectionMultiplexer redis, TimeSpan? retention = null) : IStatisticsStore
{
    // KEYS[1] the bucket; ARGV[1] its expiry in seconds; then counter name and amount, pair after pair.
    private const string IncrementScript = """
        for i = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        return 0
        """;

    private readonly long _retentionSeconds = (long)(retention ?? TimeSpan.FromDays(8)).TotalSeconds;

    public async Task IncrementAsync(string queue, Instant bucket, IReadOnlyDictionary<string, long> amounts)
    {
        var args = new List<RedisValue>(1 + 2 * amounts.Count) { _retentionSeconds };
        foreach (var (name, amount) in amounts)
            if (amount != 0)
            {
                args.Add(name);
                args.Add(amount);
            }
        await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript,
            [RedisKeys.StatsBucket(queue, bucket.ToUnixTimeSeconds())], [.. args]);
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
