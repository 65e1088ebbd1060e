using System.Collections;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>
/// The waiting sessions of a <see cref="RoutingSnapshot"/>, with what changed since the list it was made from, so that
/// work done for that list (queue places: <see cref="Routing.PlaceBook"/>) can be brought up to date in proportion to
/// the change rather than to the length of the queues. Lists are named by a number, not linked to each other, so
/// keeping one does not keep its predecessors alive.
/// </summary>
public sealed class WaitingList : IReadOnlyList<Session>
{
    private static long _lastId;
    private readonly Session?[][] _chunks;
    private readonly int _count;

    /// <summary>A list with no known predecessor (read whole).</summary>
    public WaitingList(IEnumerable<Session> sessions) : this(sessions, null, [], [])
    {
    }

    /// <param name="sessions">The waiting sessions.</param>
    /// <param name="before">The list this one was made from, or null when it was read whole.</param>
    /// <param name="changed">The sessions of this list that are new or different since <paramref name="before"/>.</param>
    /// <param name="gone">Ids of sessions of <paramref name="before"/> not in this list (ids that were never there may be
    /// named too).</param>
    public WaitingList(IEnumerable<Session> sessions, WaitingList? before, IReadOnlyList<Session> changed, IReadOnlyCollection<string> gone)
        : this(Chunked(sessions), before, changed, gone)
    {
    }

    /// <summary>A list over the chunks of a <see cref="WaitingSet.Freeze"/> (shared, never written).</summary>
    public WaitingList((Session?[][] Chunks, int Count) frozen, WaitingList? before, IReadOnlyList<Session> changed, IReadOnlyCollection<string> gone)
    {
        (_chunks, _count) = frozen;
        BeforeId = before?.Id;
        Changed = changed;
        Gone = gone;
    }

    /// <summary>The sessions cut into chunks as a <see cref="WaitingSet"/> keeps them (the last one may be shorter).</summary>
    private static (Session?[][], int) Chunked(IEnumerable<Session> sessions)
    {
        var all = sessions as Session[] ?? sessions.ToArray();
        var chunks = new Session?[(all.Length + WaitingSet.ChunkSize - 1) >> WaitingSet.ChunkBits][];
        for (var c = 0; c < chunks.Length; c++)
        {
            var start = c << WaitingSet.ChunkBits;
            chunks[c] = all[start..Math.Min(all.Length, start + WaitingSet.ChunkSize)];
        }
        return (chunks, all.Length);
    }

    /// <summary>This list's number: unique in the process.</summary>
    public long Id { get; } = Interlocked.Increment(ref _lastId);

    /// <summary>The <see cref="Id"/> of the list this one was made from; null when it was read whole.</summary>
    public long? BeforeId { get; }

    /// <summary>Sessions of this list that are new or different since the list <see cref="BeforeId"/> names.</summary>
    public IReadOnlyList<Session> Changed { get; }

    /// <summary>Ids of sessions that were in the list <see cref="BeforeId"/> names and are not in this one.</summary>
    public IReadOnlyCollection<string> Gone { get; }

    private WaitingTally? _tally;

    /// <summary>This list's counts by queue and state, counted on first use.</summary>
    public WaitingTally Tally => LazyInitializer.EnsureInitialized(ref _tally, () => new WaitingTally(this));

    public int Count => _count;

    public Session this[int index] => (uint)index < (uint)_count
        ? _chunks[index >> WaitingSet.ChunkBits][index & (WaitingSet.ChunkSize - 1)]!
        : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<Session> GetEnumerator()
    {
        var left = _count;
        foreach (var chunk in _chunks)
            for (var i = 0; i < chunk.Length && left > 0; i++, left--)
                yield return chunk[i]!;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
