namespace GosChat.Storage.InMemory;

/// <summary>
/// One session's client message ids (per sender side) → the Seq of the first message that carried each, small enough
/// to stay in memory while the messages themselves are written out: a 64-bit hash of sender and id per message
/// (about 24 bytes), so no id string is kept. Two keys may share a hash, so a hit is only a candidate that the caller
/// confirms against the message itself; a key whose hash another key already holds is kept whole in a second map
/// (normally never made), so a collision, by chance or made on purpose with chosen ids, costs one entry there and
/// nothing else.
/// </summary>
internal sealed class ClientMessageIndex
{
    private readonly Dictionary<ulong, long> _byHash = new();
    private Dictionary<string, long>? _byKey;

    /// <summary>
    /// The Seq of the first message with this key when the key is kept whole, else that of the first message with the
    /// key's hash (which may be another key's, so the caller compares), or 0.
    /// </summary>
    public long Find(ulong hash, string from, string clientMessageId) =>
        _byKey is not null && _byKey.TryGetValue(InMemoryMessageStore.ClientKey(from, clientMessageId), out var seq) ? seq : _byHash.GetValueOrDefault(hash);

    /// <param name="hashTaken">The key's hash already names another key's message (<see cref="Find"/> gave a candidate that was not it).</param>
    public void Add(ulong hash, string from, string clientMessageId, long seq, bool hashTaken)
    {
        if (hashTaken) (_byKey ??= new Dictionary<string, long>())[InMemoryMessageStore.ClientKey(from, clientMessageId)] = seq;
        else _byHash[hash] = seq;
    }

    /// <summary>FNV-1a over the sender, a separator and the id (no string made).</summary>
    public static ulong Hash(string from, string clientMessageId)
    {
        const ulong prime = 1099511628211;
        var hash = 14695981039346656037;
        foreach (var c in from) hash = (hash ^ c) * prime;
        hash = (hash ^ ':') * prime;
        foreach (var c in clientMessageId) hash = (hash ^ c) * prime;
        return hash;
    }
}
