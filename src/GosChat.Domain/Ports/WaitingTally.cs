using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>
/// Counts of a waiting list by queue and state, and the longest wait of each queue: what live figures, the public board
/// and the metrics read on every sweep tick. Counted once per <see cref="WaitingList"/> (kept with it), so while no
/// waiting session changes a tick costs nothing in proportion to the queues, and when one did, one pass over them
/// instead of one per queue and per figure.
/// </summary>
public sealed class WaitingTally
{
    private readonly Dictionary<(string Queue, SessionState State), int> _counts = new();
    private readonly Dictionary<string, int> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Instant> _oldestLive = new(StringComparer.Ordinal);

    public WaitingTally(IEnumerable<Session> waiting)
    {
        foreach (var s in waiting)
        {
            _counts[(s.Queue, s.State)] = _counts.GetValueOrDefault((s.Queue, s.State)) + 1;
            if (s.State == SessionState.Deferred)
            {
                Deferred++;
                continue;
            }
            _live[s.Queue] = _live.GetValueOrDefault(s.Queue) + 1;
            if (!_oldestLive.TryGetValue(s.Queue, out var oldest) || s.QueuedAt < oldest) _oldestLive[s.Queue] = s.QueuedAt;
        }
    }

    /// <summary>The tally of <paramref name="waiting"/>: the one kept with it when it is a <see cref="WaitingList"/>.</summary>
    public static WaitingTally Of(IReadOnlyList<Session> waiting) => waiting is WaitingList list ? list.Tally : new WaitingTally(waiting);

    /// <summary>Deferred sessions in all queues.</summary>
    public int Deferred { get; }

    /// <summary>Every queue and state with at least one session, and how many.</summary>
    public IReadOnlyDictionary<(string Queue, SessionState State), int> Counts => _counts;

    /// <summary>Sessions of <paramref name="queue"/> in <paramref name="state"/>.</summary>
    public int Count(string queue, SessionState state) => _counts.GetValueOrDefault((queue, state));

    /// <summary>Sessions of <paramref name="queue"/> waiting to be served now (queued or offered: not deferred).</summary>
    public int Live(string queue) => _live.GetValueOrDefault(queue);

    /// <summary>When the longest-waiting live session of <paramref name="queue"/> joined it; null when none waits.</summary>
    public Instant? OldestLiveQueuedAt(string queue) => _oldestLive.TryGetValue(queue, out var at) ? at : null;
}
