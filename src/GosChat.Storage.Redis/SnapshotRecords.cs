using System.Text;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// The records of one kind a routing snapshot reads whole every time (operators, offers). This node keeps the decoded
/// copy of each with the SHA-1 of its stored value, and tells <see cref="RoutingScripts.StaffSnapshot"/> those digests
/// (<see cref="Ask"/>): the script answers with the records the node does not hold or holds with another digest, and
/// the ids of those it holds that are gone, so a snapshot transfers and decodes (JSON and the decryption of personal
/// fields) only what changed, and one in which nothing changed hands out the node's list as it was. The digest, not
/// the version, as in <see cref="RecordReadCache{T}"/>: after a flush or a partial loss of writes a record can come
/// back at a version the node has seen with other content. Records are immutable, so one
/// decoded copy is shared by every snapshot. Only the records of the latest snapshot are kept.
/// </summary>
internal sealed class SnapshotRecords<T>(Func<string, T?> decode) where T : class
{
    /// <summary>What the node held when it asked, and the digests it told the script (one "id digest" a line, UTF-8).</summary>
    public sealed class Question(Dictionary<string, (string Digest, T Record)> held)
    {
        internal Dictionary<string, (string Digest, T Record)> Held { get; } = held;
        private byte[]? _known;
        private List<T>? _records;

        /// <summary>The records held, in one list shared by every snapshot that found them unchanged.</summary>
        internal IReadOnlyList<T> Records => _records ??= [.. Held.Values.Select(h => h.Record)];

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
    /// <paramref name="answer"/>: {changed, gone} as <see cref="RoutingScripts.StaffSnapshot"/> returns them for
    /// <paramref name="asked"/>: changed a flat {id, stored record, ...}, gone the ids of held records no longer there.
    /// </summary>
    public IReadOnlyList<T> Decode(Question asked, RedisResult[] answer)
    {
        var changed = (RedisResult[])answer[0]!;
        var gone = (RedisResult[])answer[1]!;
        if (changed.Length == 0 && gone.Length == 0) return SetLatest(asked).Records;
        var next = new Dictionary<string, (string Digest, T Record)>(asked.Held, StringComparer.Ordinal);
        foreach (var id in gone) next.Remove((string)id!);
        for (var i = 0; i + 1 < changed.Length; i += 2)
        {
            var id = (string)changed[i]!;
            var stored = (byte[])changed[i + 1]!;
            if (decode(Encoding.UTF8.GetString(stored)) is { } record)
                next[id] = (StoredDigest.Of(stored), record);
            else
                next.Remove(id);
        }
        return SetLatest(new Question(next)).Records;
    }

    private Question SetLatest(Question latest)
    {
        lock (_lock) _latest = latest;
        return latest;
    }
}
