using GosChat.Domain.Citizens;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary><see cref="ICitizenHistory"/> in process, for one node: the newest <see cref="CitizenKeys.MaxKept"/> sessions per citizen.</summary>
public sealed class InMemoryCitizenHistory : ICitizenHistory
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, Instant>> _sessions = new(StringComparer.Ordinal);

    public Task RecordAsync(string citizenKey, string sessionId, Instant createdAt)
    {
        CitizenKeys.Checked(citizenKey);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(citizenKey, out var sessions)) _sessions[citizenKey] = sessions = new(StringComparer.Ordinal);
            sessions[sessionId] = createdAt;
            if (sessions.Count > CitizenKeys.MaxKept)
                foreach (var old in Newest(sessions).Skip(CitizenKeys.MaxKept).ToList()) sessions.Remove(old);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string citizenKey, int limit)
    {
        lock (_gate)
        {
            IReadOnlyList<string> ids = _sessions.TryGetValue(citizenKey, out var sessions) && limit > 0
                ? Newest(sessions).Take(limit).ToList()
                : [];
            return Task.FromResult(ids);
        }
    }

    internal void Forget(string citizenKey, IEnumerable<string> sessionIds)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(citizenKey, out var sessions)) return;
            foreach (var id in sessionIds) sessions.Remove(id);
            if (sessions.Count == 0) _sessions.Remove(citizenKey);
        }
    }

    private static IEnumerable<string> Newest(Dictionary<string, Instant> sessions) =>
        sessions.OrderByDescending(p => p.Value).ThenByDescending(p => p.Key, StringComparer.Ordinal).Select(p => p.Key);
}
