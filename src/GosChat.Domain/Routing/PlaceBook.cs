using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Routing;

/// <summary>
/// What one node last told each waiting citizen of their place, and which places changed in a new snapshot. Ranking
/// every queue costs a sort of all waiting sessions; <see cref="Changes"/> avoids it in the two common cases, so a long
/// queue does not make every start and every sweep pay for it:
/// <list type="bullet">
/// <item>nothing a place depends on moved (the same waiting list instance, the same staff slots and handle times):
/// no place changed;</item>
/// <item>the only change is sessions that joined behind everyone in their queue (every session told before is there
/// at the same version, and each newcomer ranks after its queue's last): only the newcomers' places are new, the
/// others did not move. When the store's list names the last one this book saw as its predecessor
/// (<see cref="WaitingList"/>), that is checked from the list's change alone, so a start costs what it added, not
/// the length of the queues.</item>
/// </list>
/// Anything else (a session left, was offered, changed; the staff or handle times moved) ranks everything again and
/// returns the places that differ from what was told. Thread-safe.
/// </summary>
public sealed class PlaceBook(QueueMetrics metrics)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (long Version, QueuePlace Place)> _told = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tail> _tails = new(StringComparer.Ordinal);
    private IReadOnlyList<Session>? _waiting;
    private RoutingSnapshot? _snapshot;
    private int _inputs;

    /// <summary>The last session of a queue in offer order, and how many sessions (all; not deferred) the queue holds.</summary>
    private sealed record Tail(Session Last, int All, int Live);

    /// <summary>The places that changed since the last call (each is then taken as told).</summary>
    public IReadOnlyList<(string SessionId, QueuePlace Place)> Changes(RoutingSnapshot snapshot)
    {
        var inputs = Inputs(snapshot);
        lock (_gate)
        {
            if (inputs == _inputs && ReferenceEquals(snapshot.Waiting, _waiting))
            {
                _snapshot = snapshot;
                return [];
            }
            var changes = inputs == _inputs && _waiting is not null ? Joined(snapshot, NewcomersOf(snapshot.Waiting)) : null;
            changes ??= Ranked(snapshot);
            _waiting = snapshot.Waiting;
            _snapshot = snapshot;
            _inputs = inputs;
            return changes;
        }
    }

    /// <summary>
    /// The place this book gave <paramref name="sessionId"/> for <paramref name="snapshot"/>, when that snapshot is the
    /// one the last <see cref="Changes"/> call was given (so a caller that just pushed places reads its own without ranking
    /// again); null otherwise, or when the session is not waiting in it.
    /// </summary>
    public QueuePlace? PlaceIn(RoutingSnapshot snapshot, string sessionId)
    {
        lock (_gate)
            return ReferenceEquals(snapshot, _snapshot) && _told.TryGetValue(sessionId, out var told) ? told.Place : null;
    }

    /// <summary>
    /// The sessions of <paramref name="waiting"/> not told before, when every other one is there as told (nobody left or
    /// changed); null otherwise. A list that names the last one seen as its predecessor is checked by its change alone;
    /// any other is compared whole.
    /// </summary>
    private List<Session>? NewcomersOf(IReadOnlyList<Session> waiting)
    {
        var list = waiting as WaitingList;
        var follows = list?.BeforeId is { } before && _waiting is WaitingList last && last.Id == before;
        if (follows && list!.Gone.Any(_told.ContainsKey)) return null; // someone left
        var newcomers = new List<Session>();
        var known = 0;
        foreach (var s in follows ? list!.Changed : waiting)
        {
            if (!_told.TryGetValue(s.Id, out var told)) newcomers.Add(s);
            else if (told.Version != s.Version) return null;
            else known++;
        }
        return follows || known == _told.Count ? newcomers : null; // a whole list missing someone told: they left
    }

    /// <summary>The newcomers' places when they all joined behind their queues, else null.</summary>
    private List<(string, QueuePlace)>? Joined(RoutingSnapshot snapshot, List<Session>? newcomers)
    {
        if (newcomers is null) return null;
        newcomers.Sort(Router.OfferOrder);
        var tails = new Dictionary<string, Tail>(_tails, StringComparer.Ordinal);
        var result = new List<(string, QueuePlace)>(newcomers.Count);
        foreach (var s in newcomers)
        {
            var tail = tails.GetValueOrDefault(s.Queue);
            if (tail is not null && Router.OfferOrder.Compare(tail.Last, s) >= 0) return null;
            var (all, live) = (tail?.All ?? 0, tail?.Live ?? 0);
            var deferred = s.State == SessionState.Deferred;
            var position = deferred ? all + 1 : live + 1;
            tails[s.Queue] = new Tail(s, all + 1, deferred ? live : live + 1);
            result.Add((s.Id, new QueuePlace(position, metrics.Estimate(snapshot, s.Queue, position, s.Channel, s.Language))));
        }
        foreach (var (queue, tail) in tails) _tails[queue] = tail;
        foreach (var (s, (_, place)) in newcomers.Zip(result)) _told[s.Id] = (s.Version, place);
        return result;
    }

    private List<(string, QueuePlace)> Ranked(RoutingSnapshot snapshot)
    {
        var places = metrics.Places(snapshot);
        var result = new List<(string, QueuePlace)>();
        var versions = new Dictionary<string, long>(snapshot.Waiting.Count, StringComparer.Ordinal);
        _tails.Clear();
        foreach (var s in snapshot.Waiting)
        {
            versions[s.Id] = s.Version;
            var tail = _tails.GetValueOrDefault(s.Queue);
            var live = s.State == SessionState.Deferred ? 0 : 1;
            _tails[s.Queue] = tail is null
                ? new Tail(s, 1, live)
                : new Tail(Router.OfferOrder.Compare(tail.Last, s) < 0 ? s : tail.Last, tail.All + 1, tail.Live + live);
        }
        foreach (var (id, place) in places)
            if (!_told.TryGetValue(id, out var told) || told.Place != place) result.Add((id, place));
        _told.Clear();
        foreach (var (id, place) in places) _told[id] = (versions[id], place);
        return result;
    }

    /// <summary>A fingerprint of what, beside the waiting sessions, a place or an estimate depends on: the staff's records, handle times.</summary>
    private static int Inputs(RoutingSnapshot snapshot)
    {
        var hash = new HashCode();
        foreach (var o in snapshot.Operators)
        {
            // Any change to an operator's record moves its version: whatever of it an estimate reads is covered.
            hash.Add(o.Id);
            hash.Add(o.Version);
        }
        foreach (var (queue, times) in snapshot.HandleTimes)
        {
            hash.Add(queue);
            foreach (var t in times) hash.Add(t);
        }
        return hash.ToHashCode();
    }
}
