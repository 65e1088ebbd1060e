using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>The routing state in process memory: one node, nothing survives a restart. Commits are serialized by one lock.</summary>
public sealed class InMemoryRoutingStore : IRoutingStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Session> _sessions = new();
    /// <summary>The waiting ones of <see cref="_sessions"/>, so a snapshot costs what waits, not every session kept.</summary>
    private readonly WaitingSet _waiting = new();
    /// <summary>The list snapshots hand out; the same instance until a waiting session changes.</summary>
    private WaitingList? _waitingList;
    /// <summary>The list handed out last, which the next one names as its predecessor.</summary>
    private WaitingList? _lastList;
    /// <summary>Sessions written or forgotten since <see cref="_lastList"/> was made; null when too many to list.</summary>
    private HashSet<string>? _changedSince = new(StringComparer.Ordinal);
    private const int MaxListedChanges = 4096;
    private readonly Dictionary<string, OperatorState> _operators = new();
    private readonly Dictionary<string, Offer> _offers = new();
    private readonly Dictionary<string, string> _resume = new();
    private readonly Dictionary<string, string> _callIds = new();
    private readonly Dictionary<string, List<int>> _handleTimes = new();
    private readonly int _handleTimeSamples;
    private readonly Dictionary<string, Instant> _nodeAliveUntil = new();

    public InMemoryRoutingStore(int handleTimeSamples = 50) => _handleTimeSamples = handleTimeSamples;

    public Task<Session?> GetSessionAsync(string sessionId)
    {
        lock (_gate) return Task.FromResult(_sessions.GetValueOrDefault(sessionId));
    }

    public Task<OperatorState?> GetOperatorAsync(string operatorId)
    {
        lock (_gate) return Task.FromResult(_operators.GetValueOrDefault(operatorId));
    }

    public Task<Offer?> GetOfferAsync(string offerId)
    {
        lock (_gate) return Task.FromResult(_offers.GetValueOrDefault(offerId));
    }

    public Task<string?> FindSessionByResumeTokenAsync(string tokenHash)
    {
        lock (_gate) return Task.FromResult(_resume.GetValueOrDefault(tokenHash));
    }

    public Task<string?> FindSessionByCallIdAsync(string callId)
    {
        lock (_gate) return Task.FromResult(_callIds.GetValueOrDefault(callId));
    }

    public Task<IReadOnlyList<Session>> GetSessionsAsync(IEnumerable<string> sessionIds)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Session>>(sessionIds.Select(id => _sessions.GetValueOrDefault(id)).OfType<Session>().ToList());
    }

    public Task HeartbeatAsync(string nodeId, Instant aliveUntil)
    {
        lock (_gate) _nodeAliveUntil[nodeId] = aliveUntil;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<string>> DeadNodesAsync(IEnumerable<string> nodeIds, Instant now)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyCollection<string>>(nodeIds.Distinct()
                .Where(id => !_nodeAliveUntil.TryGetValue(id, out var until) || until <= now).ToList());
    }

    public Task<RoutingSnapshot> LoadSnapshotAsync()
    {
        lock (_gate)
        {
            return Task.FromResult(new RoutingSnapshot(
                _waitingList ??= NextWaitingList(),
                _operators.Values.ToList(),
                _offers.Values.ToList(),
                _handleTimes.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value.ToList())));
        }
    }

    public Task<bool> CommitAsync(RoutingChange change)
    {
        lock (_gate)
        {
            var ok = change.Sessions.All(s => VersionOf(_sessions, s.Id) == s.Version)
                     && change.Operators.All(o => VersionOf(_operators, o.Id) == o.Version)
                     && change.OfferPuts.All(o => VersionOf(_offers, o.Id) == o.Version)
                     && change.OfferDeletes.All(o => VersionOf(_offers, o.Id) == o.Version && o.Version > 0)
                     && change.CallIds.All(c => !_callIds.ContainsKey(c.CallId));
            if (!ok) return Task.FromResult(false);

            foreach (var s in change.Sessions)
            {
                var stored = _sessions[s.Id] = s with { Version = s.Version + 1 };
                if (stored.IsWaiting) _waiting.Put(stored);
                else if (!_waiting.Remove(s.Id)) continue; // neither waiting nor waiting before: not in any list
                Changed(s.Id);
            }
            foreach (var o in change.Operators) _operators[o.Id] = o with { Version = o.Version + 1 };
            foreach (var o in change.OfferDeletes) _offers.Remove(o.Id);
            foreach (var o in change.OfferPuts) _offers[o.Id] = o with { Version = o.Version + 1 };
            foreach (var (hash, id) in change.ResumeTokens) _resume[hash] = id;
            foreach (var (callId, id) in change.CallIds) _callIds[callId] = id;
            foreach (var (queue, seconds) in change.HandleTimes)
            {
                if (!_handleTimes.TryGetValue(queue, out var list)) _handleTimes[queue] = list = [];
                list.Insert(0, seconds);
                if (list.Count > _handleTimeSamples) list.RemoveRange(_handleTimeSamples, list.Count - _handleTimeSamples);
            }
            return Task.FromResult(true);
        }
    }

    // Personal data (InMemoryPersonalDataStore): sessions by ticket and by closing time, and forgetting one.
    internal string? FindByTicket(string ticket)
    {
        lock (_gate) return _sessions.Values.Where(s => s.Ticket == ticket).OrderByDescending(s => s.CreatedAt).FirstOrDefault()?.Id;
    }

    internal IReadOnlyList<string> ClosedBefore(Instant cutoff, int limit)
    {
        lock (_gate)
            return _sessions.Values.Where(s => s.State == SessionState.Closed && (s.ClosedAt ?? s.CreatedAt) <= cutoff)
                .OrderBy(s => s.ClosedAt).Take(limit).Select(s => s.Id).ToList();
    }

    internal void Forget(string sessionId)
    {
        lock (_gate)
        {
            _sessions.Remove(sessionId);
            if (_waiting.Remove(sessionId)) Changed(sessionId);
        }
    }

    /// <summary>A waiting session was written, or left the waiting ones: the next snapshot gets a new list. Under the gate.</summary>
    private void Changed(string sessionId)
    {
        _waitingList = null;
        if (_changedSince is null) return;
        _changedSince.Add(sessionId);
        if (_changedSince.Count > MaxListedChanges) _changedSince = null;
    }

    /// <summary>The waiting sessions as a new list that names the last one handed out and what changed since. Under the gate.</summary>
    private WaitingList NextWaitingList()
    {
        WaitingList list;
        if (_lastList is null || _changedSince is null)
            list = new WaitingList(_waiting.Freeze(), null, [], []);
        else
        {
            var changed = new List<Session>(_changedSince.Count);
            var gone = new List<string>();
            foreach (var id in _changedSince)
                if (_waiting.TryGetValue(id, out var session)) changed.Add(session);
                else gone.Add(id);
            list = new WaitingList(_waiting.Freeze(), _lastList, changed, gone);
        }
        _changedSince = new HashSet<string>(StringComparer.Ordinal);
        return _lastList = list;
    }

    private static long VersionOf(Dictionary<string, Session> map, string id) => map.TryGetValue(id, out var v) ? v.Version : 0;
    private static long VersionOf(Dictionary<string, OperatorState> map, string id) => map.TryGetValue(id, out var v) ? v.Version : 0;
    private static long VersionOf(Dictionary<string, Offer> map, string id) => map.TryGetValue(id, out var v) ? v.Version : 0;
}
