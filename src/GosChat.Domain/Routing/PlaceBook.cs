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
/// others did not move.</item>
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
    private int _inputs;

    /// <summary>The last session of a queue in offer order, and how many sessions (all; not deferred) the queue holds.</summary>
    private sealed record Tail(Session Last, int All, int Live);

    /// <summary>The places that changed since the last call (each is then taken as told).</summary>
    public IReadOnlyList<(string SessionId, QueuePlace Place)> Changes(RoutingSnapshot snapshot)
    {
        var inputs = Inputs(snapshot);
        lock (_gate)
        {
            if (inputs == _inputs && ReferenceEquals(snapshot.Waiting, _waiting)) return [];
            var changes = inputs == _inputs && _waiting is not null ? Joined(snapshot) : null;
            changes ??= Ranked(snapshot);
            _waiting = snapshot.Waiting;
            _inputs = inputs;
            return changes;
        }
    }

    /// <summary>The newcomers' places when they all joined behind their queues, else null.</summary>
    private List<(string, QueuePlace)>? Joined(RoutingSnapshot snapshot)
    {
        var known = 0;
        var newcomers = new List<Session>();
        foreach (var s in snapshot.Waiting)
        {
            if (!_told.TryGetValue(s.Id, out var told)) newcomers.Add(s);
            else if (told.Version != s.Version) return null;
            else known++;
        }
        if (known != _told.Count) return null; // someone left
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
