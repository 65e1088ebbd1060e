using GosChat.Domain.Deadlines;
using NodaTime;
using NodaTime.Text;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// <see cref="IBreachLog"/> on Redis, shared by every node: one set of breach ids per queue and day (SADD is
/// idempotent, SCARD counts), kept for <see cref="Retention"/> after it was last written.
/// </summary>
public sealed class RedisBreachLog(IConnectionMultiplexer redis) : IBreachLog
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    public async Task RecordAsync(string queue, LocalDate day, string breachId)
    {
        var key = RedisKeys.Breaches(queue, LocalDatePattern.Iso.Format(day));
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var add = batch.SetAddAsync(key, breachId);
        var expire = batch.KeyExpireAsync(key, Retention);
        batch.Execute();
        await Task.WhenAll(add, expire);
    }

    public async Task<int> CountAsync(string queue, LocalDate day) =>
        (int)await redis.GetDatabase().SetLengthAsync(RedisKeys.Breaches(queue, LocalDatePattern.Iso.Format(day)));
}
