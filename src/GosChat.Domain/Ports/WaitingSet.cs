using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>
/// A store's waiting sessions, kept so that handing out a list of them (<see cref="Freeze"/>) after a change costs the
/// change, not the length of the queues: sessions sit in fixed-size chunks, a list shares every chunk the change did
/// not touch, and a chunk a list was given is copied before it is written again. The order of the sessions is no order
/// at all (a session that leaves takes the last one's place); readers rank them. Not thread-safe: its store guards it.
/// </summary>
public sealed class WaitingSet
{
    public const int ChunkBits = 8;
    public const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private Session?[][] _chunks = [];
    /// <summary>Whether each chunk was made since the last <see cref="Freeze"/> (no list holds it, so it may be written).</summary>
    private bool[] _own = [];
    private readonly Dictionary<string, int> _at = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool TryGetValue(string id, out Session session)
    {
        if (_at.TryGetValue(id, out var i))
        {
            session = Get(i);
            return true;
        }
        session = null!;
        return false;
    }

    /// <summary>Adds the session, or replaces the one with its id.</summary>
    public void Put(Session session)
    {
        if (_at.TryGetValue(session.Id, out var i))
        {
            Set(i, session);
            return;
        }
        Set(Count, session);
        _at[session.Id] = Count++;
    }

    /// <summary>Takes the session out; false when it was not there.</summary>
    public bool Remove(string id)
    {
        if (!_at.Remove(id, out var i)) return false;
        var last = Count - 1;
        if (i != last)
        {
            var moved = Get(last);
            Set(i, moved);
            _at[moved.Id] = i;
        }
        Set(last, null);
        Count--;
        return true;
    }

    public void Clear()
    {
        _chunks = [];
        _own = [];
        _at.Clear();
        Count = 0;
    }

    /// <summary>
    /// The sessions as they are now, for a <see cref="WaitingList"/>: the chunks are shared with this set, which copies
    /// any of them before writing it again.
    /// </summary>
    public (Session?[][] Chunks, int Count) Freeze()
    {
        var used = (Count + ChunkMask) >> ChunkBits;
        var chunks = _chunks.AsSpan(0, used).ToArray();
        Array.Clear(_own);
        return (chunks, Count);
    }

    private Session Get(int i) => _chunks[i >> ChunkBits][i & ChunkMask]!;

    private void Set(int i, Session? session)
    {
        var c = i >> ChunkBits;
        if (c >= _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
            Array.Resize(ref _own, _chunks.Length);
        }
        if (_chunks[c] is null)
        {
            _chunks[c] = new Session?[ChunkSize];
            _own[c] = true;
        }
        else if (!_own[c])
        {
            _chunks[c] = (Session?[])_chunks[c].Clone();
            _own[c] = true;
        }
        _chunks[c][i & ChunkMask] = session;
    }
}
