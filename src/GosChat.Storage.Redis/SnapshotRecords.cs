using System.Text;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// The records of one kind a routing snapshot reads whole every time (operators, offers): this node keeps the decoded
/// copy of each beside its stored bytes, and a record whose bytes did not change since the last snapshot is not decoded
/// again (JSON and the decryption of personal fields), so a snapshot costs decoding only for what changed. Records are
/// immutable, so one decoded copy is shared by every snapshot. Only the records of the latest snapshot are kept.
/// </summary>
internal sealed class SnapshotRecords<T>(Func<string, T?> decode) where T : class
{
    private readonly Lock _lock = new();
    private Dictionary<string, (byte[] Stored, T Record)> _held = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="pairs"/>: {id, stored record, id, stored record...} as <see cref="RoutingScripts.StaffSnapshot"/>
    /// returns them; an empty record (gone since the id was read) is left out.
    /// </summary>
    public IReadOnlyList<T> Decode(RedisResult[] pairs)
    {
        Dictionary<string, (byte[] Stored, T Record)> held;
        lock (_lock) held = _held;
        var next = new Dictionary<string, (byte[] Stored, T Record)>(pairs.Length / 2, StringComparer.Ordinal);
        var records = new List<T>(pairs.Length / 2);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            var id = (string)pairs[i]!;
            var stored = (byte[]?)pairs[i + 1];
            if (stored is not { Length: > 0 }) continue;
            if (held.TryGetValue(id, out var copy) && copy.Stored.AsSpan().SequenceEqual(stored))
            {
                records.Add(copy.Record);
                next[id] = copy;
                continue;
            }
            if (decode(Encoding.UTF8.GetString(stored)) is not { } record) continue;
            records.Add(record);
            next[id] = (stored, record);
        }
        lock (_lock) _held = next;
        return records;
    }
}
