using System.Collections.Concurrent;

namespace GosChat.Server.Hubs;

/// <summary>
/// The citizen-hub connections on this node, by the session each is bound to (the same bindings as the session groups).
/// With <see cref="GosChat.Domain.Sessions.Session.CitizenNodes"/> naming this node alone, a push to the citizen goes to
/// these connections directly instead of through the backplane (<see cref="Notifications.HubNotifier"/>).
/// </summary>
public sealed class CitizenTabs
{
    private readonly ConcurrentDictionary<string, string[]> _bySession = new(StringComparer.Ordinal);

    /// <summary>This node's connections bound to <paramref name="sessionId"/> (none: an empty list).</summary>
    public IReadOnlyList<string> Of(string sessionId) => _bySession.TryGetValue(sessionId, out var ids) ? ids : [];

    public void Add(string sessionId, string connectionId) =>
        _bySession.AddOrUpdate(sessionId, _ => [connectionId],
            (_, ids) => ids.Contains(connectionId) ? ids : [.. ids, connectionId]);

    /// <summary>Unbinds a connection; true when it was the node's last one of the session.</summary>
    public bool Remove(string sessionId, string connectionId)
    {
        while (_bySession.TryGetValue(sessionId, out var ids))
        {
            if (!ids.Contains(connectionId)) return false;
            var left = ids.Where(id => id != connectionId).ToArray();
            if (left.Length == 0)
            {
                if (_bySession.TryRemove(new KeyValuePair<string, string[]>(sessionId, ids))) return true;
            }
            else if (_bySession.TryUpdate(sessionId, left, ids)) return false;
        }
        return false;
    }
}
