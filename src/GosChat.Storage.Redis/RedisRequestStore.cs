using System.Globalization;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Request cards on Redis: one versioned record per ticket sequence under its own hash tag (<c>{req:SEQUENCE}</c>), so
/// requests spread over shards; each save is one call of <see cref="RequestScripts.Save"/> (compare version, write).
/// Personal fields (texts of notes and answers, contact details) are encrypted at the JSON boundary. A resolved or
/// declined request expires <see cref="RedisStoreOptions.ClosedSessionRetention"/> after its last change.
/// </summary>
public sealed class RedisRequestStore(IConnectionMultiplexer redis, RedisStoreOptions options, IPersonalDataCipher cipher) : IRequestStore
{
    private readonly System.Text.Json.JsonSerializerOptions _json = PersonalDataJson.OptionsFor(cipher);
    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> SaveAsync(ServiceRequest request)
    {
        var next = request with { Version = request.Version + 1 };
        var ttl = request.IsFinal ? (long)options.ClosedSessionRetention.TotalMilliseconds : 0;
        var result = (int)await Db.ScriptEvaluateAsync(RequestScripts.Save,
            // The card's files (same hash tag) take the card's expiry in the same script, so they go with it.
            [RedisKeys.Requests.Record(Ticket.SequenceOf(request.Ticket)),
                .. request.Attachments.Select(a => (RedisKey)RedisKeys.Requests.File(Ticket.SequenceOf(request.Ticket), a.Id))],
            [
                request.Version.ToString(CultureInfo.InvariantCulture),
                VersionedRecord.Encode(next, next.Version, _json),
                ttl.ToString(CultureInfo.InvariantCulture),
            ]);
        if (result != 1) return false;
        // The index lives in its own slot, so it is written after the record; listing drops sequences whose record is gone.
        await Db.SetAddAsync(RedisKeys.Requests.Index, Ticket.SequenceOf(request.Ticket));
        return true;
    }

    public async Task<IReadOnlyList<ServiceRequest>> ListAsync()
    {
        var sequences = await Db.SetMembersAsync(RedisKeys.Requests.Index);
        var batch = Db.CreateBatch();
        var reads = sequences.Select(s => (Sequence: s, Value: batch.StringGetAsync(RedisKeys.Requests.Record(s!)))).ToList();
        batch.Execute();
        var found = new List<ServiceRequest>(reads.Count);
        var gone = new List<RedisValue>();
        foreach (var (sequence, value) in reads)
        {
            var raw = await value;
            if (raw.IsNull) gone.Add(sequence);
            else found.Add(VersionedRecord.Decode<ServiceRequest>(raw, _json)!);
        }
        if (gone.Count > 0) await Db.SetRemoveAsync(RedisKeys.Requests.Index, [.. gone]);
        return found;
    }

    public async Task<ServiceRequest?> GetAsync(string ticket)
    {
        if (!Ticket.IsValid(ticket)) return null;
        var value = await Db.StringGetAsync(RedisKeys.Requests.Record(Ticket.SequenceOf(ticket)));
        var request = value.IsNull ? null : VersionedRecord.Decode<ServiceRequest>(value, _json);
        return request?.Ticket == ticket ? request : null;
    }
}

/// <summary>Lua scripts of the request cards; each touches one request's key.</summary>
internal static class RequestScripts
{
    /// <summary>
    /// KEYS: the record, then the keys of its files (expired with it). ARGV: expected version (0 = must not exist), record ("version\njson"), time to live in ms (0 = none).
    /// Returns 1 saved, 0 version conflict (nothing written).
    /// </summary>
    public const string Save = """
        local cur = redis.call('GET', KEYS[1])
        local ver = '0'
        if cur then ver = string.match(cur, '^(%d+)\n') or '0' end
        if ver ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        if ARGV[3] ~= '0' then
          for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
        end
        return 1
        """;
}
