using Microsoft.AspNetCore.SignalR;

namespace GosChat.Storage.Redis.Backplane;

/// <summary>A connection owned by this node and the groups it joined here.</summary>
internal sealed class LocalConnection
{
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private bool _gone;

    public LocalConnection(HubConnectionContext context) => Context = context;

    public HubConnectionContext Context { get; }

    /// <summary>Records the membership; false when already a member or the connection has gone.</summary>
    public bool TryJoin(string group)
    {
        lock (_groups) return !_gone && _groups.Add(group);
    }

    public bool TryLeave(string group)
    {
        lock (_groups) return !_gone && _groups.Remove(group);
    }

    /// <summary>Marks the connection gone and hands back the groups it was in.</summary>
    public string[] Close()
    {
        lock (_groups)
        {
            _gone = true;
            var groups = _groups.ToArray();
            _groups.Clear();
            return groups;
        }
    }
}
