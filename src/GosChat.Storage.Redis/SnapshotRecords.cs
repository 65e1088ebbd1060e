using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// The records of one kind a routing snapshot reads whole every time (operators, offers). This node keeps the decoded
/// copy of each with the SHA-1 of its stored value, and tells <see cref="RoutingScripts.StaffSnapshot"/> those digests
/// (<see cref="Ask"/>): the script answers a record whose stored value still has the node's digest with a marker
/// instead of the value, so a snapshot transfers and decodes (JSON and the decryption of personal fields) only what
/// changed. The digest, not the version, as in <see cref="RecordReadCache{T}"/>: after a flush or a partial loss of
/// writes a record can come back at a version the node has seen with other content. Records are immutable, so one
/// decoded copy is shared by every snapshot. Only the records of the latest snapshot are kept.
/// </summary>
internal sealed class SnapshotRecords<T>(Func<string, T?> decode) where T : class
{
    /// <summary>What the script answers for a record whose stored value has the digest the node gave.</summary>
    public const string Unchanged = "=";

    /// <summary>What the node held when it asked, and the digests it told the script (one "id digest" a line, UTF-8).</summary>
    public sealed class Question(Dictionary<string, (string Digest, T Record)> held)
    {
        internal Dictionary<string, (string Digest, T Record)> Held { get; } = held;
        private byte[]? _known;

        public byte[] Known => _known ??= Lines(Held);

        private static byte[] Lines(Dictionary<string, (string Digest, T Record)> held)
        {
            var length = 0;
            foreach (var (id, copy) in held) length += Encoding.UTF8.GetByteCount(id) + copy.Digest.Length + 1;
            var lines = new byte[length];
            var at = 0;
            foreach (var (id, copy) in held)
            {
                at += Encoding.UTF8.GetBytes(id, lines.AsSpan(at));
                at += Encoding.ASCII.GetBytes(copy.Digest, lines.AsSpan(at));
                lines[at++] = (byte)'\n';
            }
            return lines;
        }
    }

    private readonly Lock _lock = new();
    private Question _latest = new(new Dictionary<string, (string, T)>(StringComparer.Ordinal));

    /// <summary>The digests to send with the next snapshot; its answer is decoded against this question.</summary>
    public Question Ask()
    {
        lock (_lock) return _latest;
    }

    /// <summary>
    /// <paramref name="pairs"/>: {id, stored record or <see cref="Unchanged"/>, id, ...} as
    /// <see cref="RoutingScripts.StaffSnapshot"/> returns them for <paramref name="asked"/>; an empty record (gone since
    /// the id was read) is left out.
    /// </summary>
    public IReadOnlyList<T> Decode(Question asked, RedisResult[] pairs)
    {
        // While every record comes back unchanged, the question's own records stay the node's: no new copy is made.
        Dictionary<string, (string Digest, T Record)>? next = null;
        var records = new List<T>(pairs.Length / 2);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            var id = (string)pairs[i]!;
            var stored = (byte[]?)pairs[i + 1];
            if (stored is [(byte)'='])
            {
                var copy = asked.Held.TryGetValue(id, out var held)
                    ? held
                    : throw new InvalidOperationException($"The snapshot script called record {id} unchanged, which the node did not hold.");
                records.Add(copy.Record);
                next?.Add(id, copy);
                continue;
            }
            next ??= AllUnchangedBefore(asked, pairs, i);
            if (stored is not { Length: > 0 }) continue; // gone since the id was read
            if (decode(Encoding.UTF8.GetString(stored)) is not { } record) continue;
            records.Add(record);
            next[id] = (Convert.ToHexStringLower(SHA1.HashData(stored)), record);
        }
        if (next is null && records.Count == asked.Held.Count) return SetLatest(asked, records);
        return SetLatest(new Question(next ?? AllUnchangedBefore(asked, pairs, pairs.Length)), records);
    }

    private IReadOnlyList<T> SetLatest(Question latest, List<T> records)
    {
        lock (_lock) _latest = latest;
        return records;
    }

    /// <summary>The records of <paramref name="pairs"/> before <paramref name="end"/>, all answered unchanged.</summary>
    private static Dictionary<string, (string Digest, T Record)> AllUnchangedBefore(Question asked, RedisResult[] pairs, int end)
    {
        var records = new Dictionary<string, (string Digest, T Record)>(pairs.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < end; i += 2)
        {
            var id = (string)pairs[i]!;
            records[id] = asked.Held[id];
        }
        return records;
    }
}
