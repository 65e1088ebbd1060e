using System.Text.Json;
using GosChat.Domain.Ports;
using GosChat.Domain.Serialization;
using GosChat.Domain.Statistics;
using NodaTime;
using NodaTime.Text;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// One hash per local day (<see cref="RedisKeys.ContactRecords"/>), field = the record's key, value = the record as JSON;
/// a rating replaces the field. Days expire after <c>retention</c> (400 days). A report reads one HGETALL per day, pipelined.
/// </summary>
public sealed class RedisContactRecordStore(IConnectionMultiplexer redis, TimeSpan? retention = null) : IContactRecordStore
{
    private readonly TimeSpan _retention = retention ?? TimeSpan.FromDays(400);

    public async Task PutAsync(LocalDate day, ContactRecord record)
    {
        var key = RedisKeys.ContactRecords(LocalDatePattern.Iso.Format(day));
        var tx = redis.GetDatabase().CreateTransaction();
        _ = tx.HashSetAsync(key, record.Key, JsonSerializer.Serialize(record, DomainJson.Options));
        _ = tx.KeyExpireAsync(key, _retention);
        await tx.ExecuteAsync();
    }

    public async Task<IReadOnlyList<ContactRecord>> GetAsync(LocalDate from, LocalDate to)
    {
        var db = redis.GetDatabase();
        var reads = new List<Task<HashEntry[]>>();
        for (var day = from; day <= to; day = day.PlusDays(1))
            reads.Add(db.HashGetAllAsync(RedisKeys.ContactRecords(LocalDatePattern.Iso.Format(day))));
        await Task.WhenAll(reads);
        return reads.SelectMany(r => r.Result).Select(e => JsonSerializer.Deserialize<ContactRecord>((string)e.Value!, DomainJson.Options)!).ToList();
    }
}
