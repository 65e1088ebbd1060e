using Microsoft.AspNetCore.SignalR;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>
/// Local members of named sets (groups or users) and a gate per name, so that "first member joined,
/// subscribe" and "last member left, unsubscribe" for one name never interleave.
/// </summary>
internal sealed class MembershipIndex
{
    private readonly Dictionary<string, HashSet<HubConnectionContext>> _members = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _gates;

    public MembershipIndex(int stripes = 64)
    {
        _gates = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++) _gates[i] = new SemaphoreSlim(1, 1);
    }

    /// <summary>The gate to hold while changing <paramref name="name"/> and its subscription.</summary>
    public SemaphoreSlim GateFor(string name) =>
        _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(name) % (uint)_gates.Length)];

    /// <summary>Adds a member; true when it is the first one of <paramref name="name"/>.</summary>
    public bool Add(string name, HubConnectionContext connection)
    {
        lock (_members)
        {
            if (!_members.TryGetValue(name, out var set))
            {
                _members[name] = [connection];
                return true;
            }
            set.Add(connection);
            return false;
        }
    }

    /// <summary>Removes a member; true when it was the last one of <paramref name="name"/>.</summary>
    public bool Remove(string name, HubConnectionContext connection)
    {
        lock (_members)
        {
            if (!_members.TryGetValue(name, out var set) || !set.Remove(connection)) return false;
            if (set.Count > 0) return false;
            _members.Remove(name);
            return true;
        }
    }

    public HubConnectionContext[] Members(string name)
    {
        lock (_members) return _members.TryGetValue(name, out var set) ? [.. set] : [];
    }

    public int Count
    {
        get
        {
            lock (_members) return _members.Count;
        }
    }
}
