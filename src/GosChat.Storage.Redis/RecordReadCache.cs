using System.Collections.Concurrent;
using System.Text;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// This node's decoded copies of records it reads often (a conversation reads its session and operator on every
/// message), so that reading a record that has not changed costs neither its transfer nor its decoding (JSON and the
/// decryption of its personal fields). A read of a record the node holds is one small script that compares the SHA-1
/// of the stored value with the node's and returns the value only when they differ, or nothing when it is gone; the
/// answer is therefore exactly as fresh as a plain GET. (The digest, not the version: after a flush a record starts
/// again from version 1 with other content.) A record the node does not hold is read with a GET. Records are
/// immutable, so one decoded copy is shared by every reader. When more than <c>capacity</c> keys are held, the
/// copies are dropped and read again as needed (the hot ones, the conversations in progress, come straight back).
/// </summary>
internal sealed class RecordReadCache<T>(Func<string, T?> decode, int capacity) where T : class
{
    // KEYS[1] the record; ARGV[1] the SHA-1 (hex) of the value the node holds. Returns 1 when the stored value has
    // that digest, the stored value when it has another, and nil when the key is gone.
    private const string ReadIfChanged = """
        local v = redis.call('GET', KEYS[1])
        if not v then return false end
        if redis.sha1hex(v) == ARGV[1] then return 1 end
        return v
        """;

    private sealed record Entry(string Digest, T Record);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<T?> GetAsync(IDatabase db, string key)
    {
        if (!_entries.TryGetValue(key, out var held))
            return Remember(key, await db.StringGetAsync(key));
        var result = await db.ScriptEvaluateAsync(ReadIfChanged, [key], [held.Digest]);
        if (result.IsNull)
        {
            _entries.TryRemove(key, out _);
            return null;
        }
        return result.Resp2Type == ResultType.Integer ? held.Record : Remember(key, (RedisValue)result);
    }

    private T? Remember(string key, RedisValue value)
    {
        if (value.IsNull)
        {
            _entries.TryRemove(key, out _);
            return null;
        }
        var bytes = (byte[])value!;
        var record = decode(Encoding.UTF8.GetString(bytes));
        if (record is null) return null;
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = new Entry(StoredDigest.Of(bytes), record);
        return record;
    }
}
